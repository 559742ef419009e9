package io.secretstage.http;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells the requests whose body is part of their credentials (a signature over it): the
 * body limit reads such a body whole, once, before the credentials are checked, keeps it
 * under {@link #ATTRIBUTE} and replays it to the handler.
 */
@FunctionalInterface
public interface SignedBodies {

	/** The request attribute that holds the body of a signed request. */
	String ATTRIBUTE = SignedBodies.class.getName() + ".body";

	/**
	 * Whether a request's body is part of its credentials.
	 * @param request the request
	 * @return {@code true} if its body is signed
	 */
	boolean signed(HttpServletRequest request);

}
