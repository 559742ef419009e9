package io.secretstage.identity;

import io.secretstage.error.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;

/**
 * Credentials that cannot be turned into an identity (a token or a signed request), with
 * the contract's error code and the message that tell the caller why.
 */
public class CredentialsRefusedException extends AuthenticationException {

	private final ErrorCode errorCode;

	private final String callerMessage;

	public CredentialsRefusedException(ErrorCode errorCode) {
		this(errorCode, errorCode.message(), errorCode.message(), null);
	}

	/**
	 * A failure to verify the credentials at all, such as an identity service that did
	 * not answer. The detail is for the log, never for the caller.
	 * @param errorCode what to tell the caller
	 * @param detail what happened
	 * @param cause the underlying failure, if any
	 */
	public CredentialsRefusedException(ErrorCode errorCode, String detail, @Nullable Throwable cause) {
		this(errorCode, detail, errorCode.message(), cause);
	}

	private CredentialsRefusedException(ErrorCode errorCode, String detail, String callerMessage,
			@Nullable Throwable cause) {
		super(detail, cause);
		this.errorCode = errorCode;
		this.callerMessage = callerMessage;
	}

	/**
	 * Credentials refused for a reason the caller is told, after the code's own message
	 * ({@code Incorrect IAM authentication information: verify aksk signature fail.}).
	 * @param errorCode what to tell the caller
	 * @param reason why, never with the caller's input or a secret
	 * @return the exception
	 */
	public static CredentialsRefusedException because(ErrorCode errorCode, String reason) {
		String message = errorCode.message();
		String prefix = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
		String callerMessage = prefix + ": " + reason;
		return new CredentialsRefusedException(errorCode, callerMessage, callerMessage, null);
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

	/**
	 * What the caller is told.
	 * @return the message of the error body
	 */
	public String callerMessage() {
		return this.callerMessage;
	}

}
