package io.secretstage.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 digest of a token: the only form in which a token is kept or compared.
 */
public final class TokenDigest {

	private TokenDigest() {
	}

	/**
	 * The SHA-256 digest of the token's UTF-8 bytes.
	 * @param token the raw token
	 * @return the 32-byte digest
	 */
	public static byte[] sha256(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
