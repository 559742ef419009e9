package io.secretstage.observability;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per request to the {@code io.secretstage.access} logger: method, path,
 * status, error code, time taken and the client's address (behind a trusted proxy, the
 * client's that it forwarded, also the {@code clientAddress} of the logging context), as
 * fields of the structured log and in the message, with the request, user and project ids
 * of the logging context. Never the query string or a header, and an access key id in the
 * path only masked. Turn it off with {@code logging.level.io.secretstage.access=off}.
 */
final class AccessLogFilter extends HttpFilter {

	private static final Logger logger = LoggerFactory.getLogger("io.secretstage.access");

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!logger.isInfoEnabled()) {
			chain.doFilter(request, response);
			return;
		}
		long start = System.nanoTime();
		boolean completed = false;
		try {
			chain.doFilter(request, response);
			completed = true;
		}
		finally {
			if (!OwnRequests.isOwn(request)) {
				log(request, response, completed, start);
			}
		}
	}

	private static void log(HttpServletRequest request, HttpServletResponse response, boolean completed, long start) {
		double millis = (System.nanoTime() - start) / 1_000 / 1_000.0;
		String errorCode = ErrorCodes.of(request);
		String method = request.getMethod();
		String path = LogMasks.path(request.getRequestURI());
		// An exception leaving the chain is answered 500 by the container, later.
		int status = completed ? response.getStatus() : 500;
		// Put together here: cheaper than a pattern with placeholders.
		String client = request.getRemoteAddr();
		String message = method + " " + path + " " + status + ((errorCode != null) ? " " + errorCode : "") + " "
				+ millis + " ms " + client;
		logger.atInfo()
			.addKeyValue("method", method)
			.addKeyValue("path", path)
			.addKeyValue("status", status)
			.addKeyValue("error_code", (errorCode != null) ? errorCode : "")
			.addKeyValue("duration_ms", millis)
			.log(message);
	}

}
