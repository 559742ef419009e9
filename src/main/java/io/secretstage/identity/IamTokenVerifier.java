package io.secretstage.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.secretstage.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies tokens online at the identity service, as OpenStack's keystonemiddleware does,
 * with a cache in front of it:
 * <ul>
 * <li>the cache is keyed by the token's SHA-256, never the token;</li>
 * <li>a token the identity service accepted is remembered for {@code max-ttl}, and
 * trusted until its own expiry; after that it answers "expired" until the entry goes;
 * </li>
 * <li>a token it rejected is remembered for {@code negative-ttl}, so a flood of bad
 * tokens does not flood it;</li>
 * <li>concurrent requests with the same unknown token make one call (single flight);</li>
 * <li>failures (502/504) are not remembered.</li>
 * </ul>
 */
final class IamTokenVerifier implements TokenVerifier {

	private static final Logger logger = LoggerFactory.getLogger(IamTokenVerifier.class);

	private final IamClient client;

	private final ServiceTokenSource serviceToken;

	private final Clock clock;

	private final AsyncCache<String, Verdict> verdicts;

	IamTokenVerifier(IamClient client, ServiceTokenSource serviceToken, IamProperties.Cache cache, MeterRegistry meters,
			Clock clock, Ticker ticker) {
		this.client = client;
		this.serviceToken = serviceToken;
		this.clock = clock;
		this.verdicts = CaffeineCacheMetrics.monitor(meters,
				Caffeine.newBuilder()
					.maximumSize(cache.maxSize())
					.expireAfter(new VerdictExpiry(cache.maxTtl(), cache.negativeTtl()))
					.ticker(ticker)
					.recordStats()
					.buildAsync(),
				"csms.iam.tokens");
	}

	@Override
	public CallerIdentity verify(String token) {
		String key = HexFormat.of().formatHex(TokenDigest.sha256(token));
		CompletableFuture<Verdict> mine = new CompletableFuture<>();
		CompletableFuture<Verdict> verdict = this.verdicts.get(key, (k, executor) -> mine);
		if (verdict == mine) {
			// This request asked first: it calls the identity service, in its own thread,
			// while the others with the same token wait for the same future.
			try {
				mine.complete(ask(token));
			}
			catch (RuntimeException ex) {
				mine.completeExceptionally(ex);
			}
		}
		return switch (await(verdict)) {
			case Verdict.Accepted accepted -> accepted.identity().unexpired(this.clock);
			case Verdict.Rejected rejected -> throw new CredentialsRefusedException(ErrorCode.INVALID_TOKEN);
		};
	}

	private Verdict ask(String token) {
		String service = this.serviceToken.get();
		IamClient.Validation validation = this.client.validate(service, token);
		if (validation instanceof IamClient.Validation.ServiceTokenRejected) {
			validation = this.client.validate(this.serviceToken.renew(service), token);
		}
		return switch (validation) {
			case IamClient.Validation.Valid valid -> {
				CallerIdentity identity = valid.identity();
				logger.debug("Identity service accepted a token of user {} in project {}", identity.userId(),
						identity.projectId());
				yield new Verdict.Accepted(identity);
			}
			case IamClient.Validation.Rejected rejected -> new Verdict.Rejected();
			case IamClient.Validation.ServiceTokenRejected refused -> {
				// An answer, so not a failure to the circuit breaker; but every caller
				// now
				// gets 502 until the service's own credentials are put right.
				logger.warn("The identity service refused the service's own token, also just after renewing it: "
						+ "check the service's own credentials (csms.identity.iam.*)");
				throw new CredentialsRefusedException(ErrorCode.IAM_BAD_RESPONSE,
						"The identity service refused the service's own new token", null);
			}
		};
	}

	private static Verdict await(CompletableFuture<Verdict> verdict) {
		try {
			return verdict.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/** What the identity service said of a token, as the cache keeps it. */
	private sealed interface Verdict {

		record Accepted(CallerIdentity identity) implements Verdict {
		}

		record Rejected() implements Verdict {
		}

	}

	private static final class VerdictExpiry implements Expiry<String, Verdict> {

		private final long acceptedNanos;

		private final long rejectedNanos;

		VerdictExpiry(Duration accepted, Duration rejected) {
			this.acceptedNanos = accepted.toNanos();
			this.rejectedNanos = rejected.toNanos();
		}

		@Override
		public long expireAfterCreate(String key, Verdict verdict, long currentTime) {
			return (verdict instanceof Verdict.Accepted) ? this.acceptedNanos : this.rejectedNanos;
		}

		@Override
		public long expireAfterUpdate(String key, Verdict verdict, long currentTime, long currentDuration) {
			return expireAfterCreate(key, verdict, currentTime);
		}

		@Override
		public long expireAfterRead(String key, Verdict verdict, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
