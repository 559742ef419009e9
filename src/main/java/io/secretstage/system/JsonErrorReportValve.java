package io.secretstage.system;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's last word on a failed request: the requests that Tomcat refuses before any
 * servlet or filter runs (a bad URI, {@code %2F} or {@code %00} in the path, bad
 * percent-encoding, headers over the size limit, TRACE) get the contract's JSON body
 * instead of Tomcat's HTML page, which would also name the server.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ErrorCode code = ErrorCode.forStatus(status);
		try {
			ErrorWriter.write(request.getRequest(), response.getResponse(), status, code, code.message());
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response was committed: nothing left to tell.
		}
	}

}
