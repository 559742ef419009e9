package io.secretstage.system;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The ids of the request being served on this thread, as {@link RequestIdFilter} set
 * them: the one its response carries (the gateway's, when it sent a well-formed one) and
 * the one the service made for it, which no caller chooses.
 */
public final class RequestIds {

	static final String MDC_KEY = "requestId";

	static final String SERVICE_MDC_KEY = "serviceRequestId";

	private RequestIds() {
	}

	/**
	 * The current request's id.
	 * @return the id, or {@code null} outside a request
	 */
	public static @Nullable String current() {
		return MDC.get(MDC_KEY);
	}

	/**
	 * The id the service made for the current request, never a caller's.
	 * @return the id, or {@code null} outside a request
	 */
	public static @Nullable String service() {
		String own = MDC.get(SERVICE_MDC_KEY);
		return (own != null) ? own : current();
	}

}
