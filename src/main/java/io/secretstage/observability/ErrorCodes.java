package io.secretstage.observability;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The contract's error code a request was answered with, as the access log and the
 * request metrics show it. Whatever writes an error body notes its code here.
 */
public final class ErrorCodes {

	private static final String ATTRIBUTE = ErrorCodes.class.getName();

	private ErrorCodes() {
	}

	/**
	 * Note the error code a request is answered with.
	 * @param request the request
	 * @param code the contract's code, such as {@code CSMS.0005}
	 */
	public static void answered(HttpServletRequest request, String code) {
		request.setAttribute(ATTRIBUTE, code);
	}

	/**
	 * The error code a request was answered with.
	 * @param request the request
	 * @return the code, or {@code null} if it was not answered with an error body
	 */
	static @Nullable String of(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof String code) ? code : null;
	}

}
