package io.secretstage.identity;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The credentials the service reads itself with while it warms up, before it reports
 * ready: one random token at a time, known only in memory, scoped to one project with the
 * roles that reading needs, and valid until it is revoked. Its requests are served as any
 * caller's, and left out of the access log and the request metrics.
 */
public final class WarmUpCredentials {

	/** The user id of the warm-up's identity. */
	static final String USER_ID = "csms-warm-up";

	private final SecureRandom random = new SecureRandom();

	private final Set<String> readRoles;

	private volatile @Nullable Issued issued;

	WarmUpCredentials(Set<String> readRoles) {
		this.readRoles = Set.copyOf(readRoles);
	}

	/**
	 * A new token that reads the project, replacing any issued before.
	 * @param projectId the project the token is scoped to
	 * @return the token, 64 hex digits
	 */
	public String issue(String projectId) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String token = HexFormat.of().formatHex(bytes);
		this.issued = new Issued(TokenDigest.sha256(token),
				new CallerIdentity(USER_ID, USER_ID, projectId, this.readRoles, null));
		return token;
	}

	/** Makes the issued token worthless. */
	public void revoke() {
		this.issued = null;
	}

	/**
	 * The issued token, compared in constant time, before the verifier of callers'
	 * tokens. While none is issued (all the time after start-up) this costs one read.
	 * @param tokens verifies callers' tokens
	 * @return a verifier of both
	 */
	TokenVerifier before(TokenVerifier tokens) {
		return (token) -> {
			Issued now = this.issued;
			if (now != null && MessageDigest.isEqual(now.sha256(), TokenDigest.sha256(token))) {
				return now.identity();
			}
			return tokens.verify(token);
		};
	}

	/**
	 * Whether the caller is the warm-up, with the token issued now.
	 * @param caller a verified caller
	 * @return {@code true} for the warm-up's requests
	 */
	boolean isWarmUp(CallerIdentity caller) {
		Issued now = this.issued;
		return now != null && now.identity() == caller;
	}

	private record Issued(byte[] sha256, CallerIdentity identity) {

	}

}
