package io.secretstage.identity;

import io.secretstage.system.ErrorCode;

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

	public ErrorCode errorCode() {
		return this.errorCode;
	}

}
