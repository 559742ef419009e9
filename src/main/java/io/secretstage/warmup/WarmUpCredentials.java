package io.secretstage.warmup;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

import io.secretstage.identity.CallerIdentity;
import io.secretstage.identity.OwnCredentials;
import io.secretstage.identity.TokenDigest;
import org.jspecify.annotations.Nullable;

/**
 * The credentials the service reads itself with while it warms up, before it reports
 * ready: one random token at a time, known only in memory, scoped to one project with the
 * roles that reading needs, and valid until it is revoked.
 */
final class WarmUpCredentials implements OwnCredentials {

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
	String issue(String projectId) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String token = HexFormat.of().formatHex(bytes);
		this.issued = new Issued(TokenDigest.sha256(token),
				new CallerIdentity(USER_ID, USER_ID, projectId, this.readRoles, null));
		return token;
	}

	/** Makes the issued token worthless. */
	void revoke() {
		this.issued = null;
	}

	/**
	 * The issued token, compared in constant time. While none is issued (all the time
	 * after start-up) this costs one read.
	 */
	@Override
	public @Nullable CallerIdentity verify(String token) {
		Issued now = this.issued;
		return (now != null && MessageDigest.isEqual(now.sha256(), TokenDigest.sha256(token))) ? now.identity() : null;
	}

	@Override
	public boolean isOwn(CallerIdentity caller) {
		Issued now = this.issued;
		return now != null && now.identity() == caller;
	}

	private record Issued(byte[] sha256, CallerIdentity identity) {

	}

}
