package io.secretstage.error;

import java.io.IOException;

/**
 * Thrown while a request body is read, once it is larger than the limit: the error
 * handler answers 413 when it finds it among the causes of an unreadable body.
 */
public final class BodyTooLargeException extends IOException {

	/**
	 * Create the exception.
	 * @param limit the largest body taken, in bytes
	 */
	public BodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes");
	}

}
