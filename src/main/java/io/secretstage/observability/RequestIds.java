package io.secretstage.observability;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;

/**
 * The ids of a request: the one its response carries in {@code X-Request-Id} (the
 * gateway's, when it sent a well-formed one) and the one the service made for it, which
 * no caller chooses. {@link RequestIdFilter} gives them; this class owns where they are
 * kept (a request attribute and the logging context) and the headers every response
 * carries with them.
 */
public final class RequestIds {

	/** The header that carries a request's id, both ways. */
	public static final String HEADER = "X-Request-Id";

	static final String MDC_KEY = "requestId";

	static final String SERVICE_MDC_KEY = "serviceRequestId";

	static final String CLIENT_MDC_KEY = "clientAddress";

	private static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

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

	/**
	 * The address of the current request's client: its peer's, or behind a trusted proxy
	 * the client's that the proxy forwarded ({@code csms.http.trusted-proxies}).
	 * @return the address, or {@code null} outside a request
	 */
	public static @Nullable String clientAddress() {
		return MDC.get(CLIENT_MDC_KEY);
	}

	/**
	 * The id of this request, made now if the filter has not run (a request that the
	 * servlet container rejected before any filter), set on the response with the other
	 * headers every response carries (an error answer may have reset them).
	 * @param request the request, which holds its id once it has one
	 * @param response where the id and the common headers are set
	 * @return the request's id, 32 hex digits
	 */
	public static String of(HttpServletRequest request, HttpServletResponse response) {
		if (request.getAttribute(ATTRIBUTE) instanceof String known) {
			writeHeaders(response, known);
			return known;
		}
		return assign(request, response, newId());
	}

	/**
	 * Whether a request is of HTTP/0.9 (a request line without a version), whose answer
	 * Tomcat would send with no status line and no headers, so with no id. Such a request
	 * is not answered at all: Tomcat closes the connection after it, with nothing
	 * written.
	 * @param request the request
	 * @return {@code true} if nothing may be answered
	 */
	public static boolean headerless(HttpServletRequest request) {
		// No version at all is HTTP/0.9; an unknown version (null) is a request line
		// Tomcat could not read, which is answered with headers as any malformed request.
		String protocol = request.getProtocol();
		return protocol != null && (protocol.isEmpty() || "HTTP/0.9".equals(protocol));
	}

	/**
	 * Run work that the service starts by itself, for no caller, under an id of its own,
	 * made here as a request's: its log lines and audit rows carry it, as a request's do.
	 * @param <T> what the work gives
	 * @param work the work
	 * @return what it gave
	 */
	public static <T> T ownWork(Supplier<T> work) {
		String id = newId();
		MDC.put(MDC_KEY, id);
		MDC.put(SERVICE_MDC_KEY, id);
		try {
			return work.get();
		}
		finally {
			MDC.remove(MDC_KEY);
			MDC.remove(SERVICE_MDC_KEY);
		}
	}

	static String assign(HttpServletRequest request, HttpServletResponse response, String id) {
		request.setAttribute(ATTRIBUTE, id);
		writeHeaders(response, id);
		return id;
	}

	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
	}

	private static void writeHeaders(HttpServletResponse response, String id) {
		response.setHeader(HEADER, id);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
	}

}
