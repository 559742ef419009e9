package io.secretstage.error;

/**
 * A failure that maps to one row of the API's error table. The message is sent to the
 * caller, so it must never contain the caller's input, SQL or internal names.
 */
public class ApiException extends RuntimeException {

	private final ErrorCode errorCode;

	public ApiException(ErrorCode errorCode) {
		this(errorCode, errorCode.message());
	}

	public ApiException(ErrorCode errorCode, String message) {
		super(message, null, false, false);
		this.errorCode = errorCode;
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

}
