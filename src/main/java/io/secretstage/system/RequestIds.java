package io.secretstage.system;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The id of the request being served on this thread, as {@link RequestIdFilter} set it.
 */
public final class RequestIds {

	static final String MDC_KEY = "requestId";

	private RequestIds() {
	}

	/**
	 * The current request's id.
	 * @return the id, or {@code null} outside a request
	 */
	public static @Nullable String current() {
		return MDC.get(MDC_KEY);
	}

}
