package io.secretstage.accesskey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.TestClock;
import io.secretstage.database.Freshness;
import io.secretstage.identity.CallerIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the access keys held in memory around a loss of the database's announcements:
 * a key read before answers while the database cannot, for {@code maxStale} after the
 * loss, also once the announcements flow again, until a fresh read or an announced change
 * replaces it.
 */
class AccessKeyCacheTests {

	private static final Duration MAX_STALE = Duration.ofMinutes(1);

	private static final Function<String, Optional<KnownKey>> UNREACHABLE = (accessKey) -> {
		throw new DataAccessResourceFailureException("Connection refused");
	};

	private final TestClock clock = new TestClock(Instant.parse("2026-12-07T09:00:00Z"));

	private final AccessKeyCache cache = new AccessKeyCache(100, Duration.ofMinutes(5),
			new Freshness("test", MAX_STALE, this.clock.ticker(), new SimpleMeterRegistry()), this.clock.ticker(),
			new SimpleMeterRegistry());

	private final KnownKey before = key("before");

	@BeforeEach
	void keyReadBeforeTheLoss() {
		this.cache.connected();
		assertThat(this.cache.get("AK", (accessKey) -> Optional.of(this.before))).contains(this.before);
		this.cache.disconnected();
		this.cache.connected();
	}

	@Test
	void aKeyHeldFromBeforeTheAnnouncementsFlowedAgainAnswersWhileTheDatabaseCannot() {
		assertThat(this.cache.get("AK", UNREACHABLE)).contains(this.before);
	}

	@Test
	void aKeyHeldFromBeforeIsReadAnewWhenTheDatabaseAnswers() {
		KnownKey after = key("after");

		assertThat(this.cache.get("AK", (accessKey) -> Optional.of(after))).contains(after);

		assertThat(this.cache.get("AK", UNREACHABLE)).as("fresh now, not read again").contains(after);
	}

	@Test
	void aKeyHeldFromBeforeAnswersForMaxStaleAfterTheLoss() {
		this.clock.advance(MAX_STALE);
		assertThat(this.cache.get("AK", UNREACHABLE)).contains(this.before);

		this.clock.advance(Duration.ofNanos(1));

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.cache.get("AK", UNREACHABLE));
	}

	@Test
	void anAnnouncedChangeDropsAKeyHeldFromBefore() {
		this.cache.changed("AK");

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.cache.get("AK", UNREACHABLE));
	}

	private static KnownKey key(String secret) {
		return new KnownKey("AK", SdkSignature.hmac(secret.getBytes(StandardCharsets.UTF_8)),
				new CallerIdentity("user-a", "user-a", "aaaabbbbccccddddeeeeffff00001111", Set.of(), null), true,
				new AtomicLong());
	}

}
