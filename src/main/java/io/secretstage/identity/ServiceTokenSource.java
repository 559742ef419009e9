package io.secretstage.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The service's own token at the identity service, kept in memory only. It is fetched on
 * first use, renewed before it expires, and renewed at once when the identity service
 * refuses it; concurrent callers never fetch it twice at once.
 */
final class ServiceTokenSource {

	/** Renew this long before expiry, or at half the token's life if that is shorter. */
	private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

	private final IamClient client;

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile @Nullable Current current;

	ServiceTokenSource(IamClient client, Clock clock) {
		this.client = client;
		this.clock = clock;
	}

	/**
	 * The service's token, fetched or renewed first if needed.
	 * @return the token
	 */
	String get() {
		Current known = this.current;
		if (known != null && this.clock.instant().isBefore(known.renewAt())) {
			return known.token().value();
		}
		this.lock.lock();
		try {
			known = this.current;
			if (known == null || !this.clock.instant().isBefore(known.renewAt())) {
				known = fetch();
			}
			return known.token().value();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Replace a token that the identity service refused, unless another caller already
	 * has.
	 * @param refused the token that was refused
	 * @return the token to use now
	 */
	String renew(String refused) {
		this.lock.lock();
		try {
			Current known = this.current;
			if (known == null || same(known.token().value(), refused)) {
				known = fetch();
			}
			return known.token().value();
		}
		finally {
			this.lock.unlock();
		}
	}

	private Current fetch() {
		Instant now = this.clock.instant();
		IamClient.IssuedToken token = this.client.issueServiceToken();
		Duration life = Duration.between(now, token.expiresAt());
		Duration margin = (life.compareTo(RENEW_BEFORE_EXPIRY.multipliedBy(2)) < 0) ? life.dividedBy(2)
				: RENEW_BEFORE_EXPIRY;
		Current fetched = new Current(token, token.expiresAt().minus(margin));
		this.current = fetched;
		return fetched;
	}

	private static boolean same(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

	private record Current(IamClient.IssuedToken token, Instant renewAt) {
	}

}
