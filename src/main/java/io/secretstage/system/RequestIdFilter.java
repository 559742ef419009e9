package io.secretstage.system;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;

/**
 * Gives every request an id, sent back in {@code X-Request-Id} and kept in the logging
 * context. A well-formed id from the gateway is reused; anything else is replaced. Every
 * response also carries the two headers an API needs: no caching, no content sniffing.
 */
final class RequestIdFilter extends HttpFilter {

	static final String HEADER = "X-Request-Id";

	private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

	private static final Pattern WELL_FORMED = Pattern.compile("[0-9a-f]{32}");

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (headerless(request)) {
			return;
		}
		String incoming = request.getHeader(HEADER);
		String own = newId();
		String id = (incoming != null && WELL_FORMED.matcher(incoming).matches()) ? incoming : own;
		request.setAttribute(ATTRIBUTE, id);
		writeHeaders(response, id);
		MDC.put(RequestIds.MDC_KEY, id);
		if (!id.equals(own)) {
			// The audit trail's id for this request, in logs only when the other one is
			// the gateway's.
			MDC.put(RequestIds.SERVICE_MDC_KEY, own);
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			// The first filter clears the whole logging context, with the user and
			// project that the token filter added, once the access log line is written.
			MDC.clear();
		}
	}

	/**
	 * Whether a request is of HTTP/0.9 (a request line without a version), whose answer
	 * Tomcat would send with no status line and no headers. Such a request is not
	 * answered at all: Tomcat closes the connection after it, with nothing written.
	 * @param request the request
	 * @return {@code true} if nothing may be answered
	 */
	static boolean headerless(HttpServletRequest request) {
		// No version at all is HTTP/0.9; an unknown version (null) is a request line
		// Tomcat
		// could not read, which is answered with headers as any malformed request.
		String protocol = request.getProtocol();
		return protocol != null && (protocol.isEmpty() || "HTTP/0.9".equals(protocol));
	}

	/**
	 * The id of this request, made now if the filter has not run (a request that the
	 * servlet container rejected before any filter), set on the response with the other
	 * headers every response carries (an error answer may have reset them).
	 * @param request the request, which holds its id once it has one
	 * @param response where the id and the common headers are set
	 * @return the request's id, 32 hex digits
	 */
	static String requestId(HttpServletRequest request, HttpServletResponse response) {
		Object id = request.getAttribute(ATTRIBUTE);
		if (id instanceof String known) {
			writeHeaders(response, known);
			return known;
		}
		String fresh = newId();
		request.setAttribute(ATTRIBUTE, fresh);
		writeHeaders(response, fresh);
		return fresh;
	}

	private static void writeHeaders(HttpServletResponse response, String id) {
		response.setHeader(HEADER, id);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
	}

	private static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
	}

}
