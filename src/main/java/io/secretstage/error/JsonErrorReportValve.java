package io.secretstage.error;

import java.io.IOException;

import io.secretstage.observability.RequestIds;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's last word on a failed request: the requests that Tomcat refuses before any
 * servlet or filter runs (a bad URI, {@code %2F} or {@code %00} in the path, bad
 * percent-encoding, headers over the size limit, TRACE, CONNECT, an unknown transfer
 * coding or HTTP version) get the contract's JSON body instead of Tomcat's HTML page,
 * which would also name the server. An HTTP/0.9 request gets nothing: its answer could
 * carry no status line and no headers.
 * <p>
 * Each of these requests is logged here in one line: its request id, status and error
 * code, and nothing the request held (these requests never reach the access log).
 * Tomcat's own lines about them are not logged: its line for a request head it cannot
 * parse ({@code Error parsing HTTP request header}, from {@code Http11Processor} at INFO,
 * the first of each day) quotes the offending header line or request line, a token or an
 * access key id and its signature included, and its line for a bad {@code Host} quotes
 * that header. So {@code application.properties} holds that logger at WARN, and this line
 * keeps the fact without the head. Not a Logback turbo filter that drops Tomcat's line:
 * Logback asks every turbo filter at every level check of every logger, on the read path
 * too ({@code LogEventMetrics}); nor a filter on the console appender, which a logging
 * configuration of one's own ({@code logging.config}) would leave out, where a logger's
 * level holds.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

	private static final Logger logger = LoggerFactory.getLogger(JsonErrorReportValve.class);

	/**
	 * Tomcat reports headers over its limit as a plain 400 with this message; the
	 * contract answers them with 431.
	 */
	private static final String HEADERS_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
		.getString("iib.requestheadertoolarge.error");

	/**
	 * And more headers than its limit (100,
	 * {@code server.tomcat.max-http-request-headers}) with this message, the limit in
	 * place of its {@code {0}}: also 431 for the contract.
	 */
	private static final String TOO_MANY_HEADERS = StringManager.getManager("org.apache.tomcat.util.http")
		.getString("headers.maxCountFail");

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()
				|| RequestIds.headerless(request.getRequest())) {
			// Reported, with nothing written: no other valve writes its page either.
			return;
		}
		if ((throwable instanceof IllegalArgumentException && HEADERS_TOO_LARGE.equals(throwable.getMessage()))
				|| tooManyHeaders(throwable)) {
			status = 431;
		}
		else if (status == 501 || status == 505) {
			// A method (CONNECT), transfer coding or HTTP version that Tomcat does not
			// support: a malformed request for the contract, not a server error.
			status = 400;
		}
		String requestId = RequestIds.of(request.getRequest(), response.getResponse());
		String code = ErrorCode.forStatus(status).code();
		logger.atInfo()
			.addKeyValue("requestId", requestId)
			.addKeyValue("status", status)
			.addKeyValue("error_code", code)
			.log("Tomcat refused request {} before the service read it: {} {}", requestId, status, code);
		try {
			ErrorWriter.write(request.getRequest(), response.getResponse(), status);
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response was committed: nothing left to tell.
		}
	}

	private static boolean tooManyHeaders(@Nullable Throwable throwable) {
		String message = (throwable != null) ? throwable.getMessage() : null;
		int limit = TOO_MANY_HEADERS.indexOf("{0}");
		return message != null && limit >= 0 && message.startsWith(TOO_MANY_HEADERS.substring(0, limit))
				&& message.endsWith(TOO_MANY_HEADERS.substring(limit + "{0}".length()));
	}

}
