package io.secretstage.identity;

import io.secretstage.system.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;

/**
 * A token that cannot be turned into an identity, with the contract's error code that
 * tells the caller why.
 */
public class TokenVerificationException extends AuthenticationException {

	private final ErrorCode errorCode;

	public TokenVerificationException(ErrorCode errorCode) {
		super(errorCode.message());
		this.errorCode = errorCode;
	}

	/**
	 * A failure to verify the token at all, such as an identity service that did not
	 * answer. The detail is for the log, never for the caller.
	 * @param errorCode what to tell the caller
	 * @param detail what happened
	 * @param cause the underlying failure, if any
	 */
	public TokenVerificationException(ErrorCode errorCode, String detail, @Nullable Throwable cause) {
		super(detail, cause);
		this.errorCode = errorCode;
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

}
