package io.secretstage.observability;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Requests the service sends itself, to warm up before it reports ready: served as any
 * other, but left out of the access log and the request metrics, which are its callers'.
 * Only the verification of credentials marks one.
 */
public final class OwnRequests {

	private static final String ATTRIBUTE = OwnRequests.class.getName();

	private OwnRequests() {
	}

	/**
	 * Mark a request as the service's own.
	 * @param request a request whose caller is the service itself
	 */
	public static void mark(HttpServletRequest request) {
		request.setAttribute(ATTRIBUTE, Boolean.TRUE);
	}

	static boolean isOwn(HttpServletRequest request) {
		return request.getAttribute(ATTRIBUTE) != null;
	}

}
