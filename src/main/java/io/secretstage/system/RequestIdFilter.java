package io.secretstage.system;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, sent back in {@code X-Request-Id} and kept in the logging
 * context. A well-formed id from the gateway is reused; anything else is replaced.
 */
final class RequestIdFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Request-Id";

	private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

	private static final Pattern WELL_FORMED = Pattern.compile("[0-9a-f]{32}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String incoming = request.getHeader(HEADER);
		String id = (incoming != null && WELL_FORMED.matcher(incoming).matches()) ? incoming : newId();
		request.setAttribute(ATTRIBUTE, id);
		response.setHeader(HEADER, id);
		MDC.put(RequestIds.MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			// The first filter clears the whole logging context, with the user and
			// project
			// that the token filter added, once the access log line has been written.
			MDC.clear();
		}
	}

	/**
	 * The id of this request, made and set on the response now if the filter has not run
	 * (a request that the servlet container rejected before any filter).
	 */
	static String requestId(HttpServletRequest request, HttpServletResponse response) {
		Object id = request.getAttribute(ATTRIBUTE);
		if (id instanceof String known) {
			response.setHeader(HEADER, known);
			return known;
		}
		String fresh = newId();
		request.setAttribute(ATTRIBUTE, fresh);
		response.setHeader(HEADER, fresh);
		return fresh;
	}

	private static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
	}

}
