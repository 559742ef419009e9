package io.secretstage.error;

import java.io.IOException;

import io.secretstage.observability.ErrorCodes;
import io.secretstage.observability.RequestIds;
import io.secretstage.web.EmptyResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the contract's error body straight to a servlet response. Used wherever an error
 * is raised outside Spring MVC: the security filters, the error page and the servlet
 * container itself. It needs no Spring bean, so Tomcat's own error valve can use it too.
 */
public final class ErrorWriter {

	private static final JsonMapper json = JsonMapper.shared();

	private ErrorWriter() {
	}

	public static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code)
			throws IOException {
		write(request, response, code.status(), code, code.message());
	}

	/**
	 * Answer a bare status raised by the framework or the servlet container, with the
	 * code and message that {@link ErrorCode#forStatus} gives it.
	 * @param request the request, whose id the error body carries
	 * @param response where the error body is written, unless it is already committed
	 * @param status the HTTP status to answer with
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, int status) throws IOException {
		ErrorCode code = ErrorCode.forStatus(status);
		write(request, response, status, code, code.message());
	}

	public static void write(HttpServletRequest request, HttpServletResponse response, int status, ErrorCode code,
			String message) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		String requestId = RequestIds.of(request, response);
		ErrorCodes.answered(request, code.code());
		response.resetBuffer();
		response.setStatus(status);
		response.setContentType(EmptyResponses.JSON_UTF8);
		byte[] body = json.writeValueAsBytes(new ErrorBody(code.code(), message, requestId));
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
