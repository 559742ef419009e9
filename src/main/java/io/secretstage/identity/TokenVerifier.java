package io.secretstage.identity;

/**
 * Turns a caller's token into the caller's identity.
 */
interface TokenVerifier {

	/**
	 * Verify a token.
	 * @param token the caller's token, already checked for length and characters
	 * @return the identity the token stands for
	 * @throws CredentialsRefusedException if the token is invalid or expired, or the
	 * identity cannot be established
	 */
	CallerIdentity verify(String token);

}
