package io.secretstage.observability;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

/**
 * Gives every request an id ({@link RequestIds}), sent back in {@code X-Request-Id} and
 * kept in the logging context. A well-formed id from the gateway is reused; anything else
 * is replaced. The client's address goes into the logging context too: the peer's, or the
 * one a trusted proxy forwarded, which Tomcat's {@code RemoteIpValve} has put in its
 * place before any filter runs. Every response also carries the two headers an API needs:
 * no caching, no content sniffing.
 */
final class RequestIdFilter extends HttpFilter {

	private static final Pattern WELL_FORMED = Pattern.compile("[0-9a-f]{32}");

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (RequestIds.headerless(request)) {
			return;
		}
		String incoming = request.getHeader(RequestIds.HEADER);
		String own = RequestIds.newId();
		String id = RequestIds.assign(request, response,
				(incoming != null && WELL_FORMED.matcher(incoming).matches()) ? incoming : own);
		MDC.put(RequestIds.MDC_KEY, id);
		MDC.put(RequestIds.CLIENT_MDC_KEY, request.getRemoteAddr());
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

}
