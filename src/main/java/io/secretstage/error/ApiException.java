package io.secretstage.error;

import java.util.Locale;

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

	/**
	 * 400 {@code CSMS.0002} naming the parameters or body fields whose values break their
	 * constraints, never with the values.
	 * @param names their names as the caller used them, joined by {@code ", "}
	 * @return the failure
	 */
	public static ApiException invalidParameters(String names) {
		return new ApiException(ErrorCode.INVALID_PARAMETER, "The value of parameter " + names + " is invalid.");
	}

	/**
	 * A body field's JSON name from its Java path: {@code versionStages[0]} is
	 * {@code version_stages}, {@code credential.userId} is {@code credential.user_id}.
	 * @param field the field's path in the Java object
	 * @return its JSON name, without any index
	 */
	public static String jsonName(String field) {
		return field.replaceAll("\\[.*", "").replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

}
