package io.secretstage.secret;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.system.Freshness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the stage cache's reads while the database cannot be reached: what it held
 * when the announcements stopped answers them for at most {@code maxStale}, on a clock of
 * the test's own.
 */
class StageCacheStaleReadTests {

	private static final String PROJECT = "aaaabbbbccccddddeeeeffff00001111";

	private static final Duration MAX_STALE = Duration.ofSeconds(60);

	private static final Supplier<SecretStages> UNREACHABLE = () -> {
		throw new DataAccessResourceFailureException("Connection refused");
	};

	private final AtomicLong now = new AtomicLong(1_000);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private StageCache cache;

	@BeforeEach
	void cacheWithAnEntryAndAMissingName() {
		this.cache = new StageCache(10, 10, new Freshness("csms.stages", MAX_STALE, this.now::get, this.meters),
				this.meters);
		this.cache.trust();
		this.cache.get(PROJECT, "a", () -> stages("a", "v1"));
		this.cache.get(PROJECT, "gone", () -> SecretStages.MISSING);
	}

	@Test
	void whenTheAnnouncementsStopAndTheDatabaseIsUnreachableThenEntriesAnswerForMaxStale() {
		this.cache.distrust();

		assertThat(current(UNREACHABLE)).isEqualTo("v1");
		assertThat(this.cache.get(PROJECT, "gone", UNREACHABLE).exists()).isFalse();
		this.now.addAndGet(MAX_STALE.toNanos());
		assertThat(current(UNREACHABLE)).isEqualTo("v1");
		assertThat(this.meters.get("csms.cache.stale.reads").tag("cache", "csms.stages").counter().count())
			.isEqualTo(3);

		this.now.incrementAndGet();
		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> current(UNREACHABLE));
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.cache.get(PROJECT, "gone", UNREACHABLE));
	}

	@Test
	void whileTheAnnouncementsAreDownTheDatabaseAnswersWhenItCan() {
		this.cache.distrust();

		assertThat(current(() -> stages("a", "v2"))).isEqualTo("v2");
		assertThat(current(UNREACHABLE)).isEqualTo("v1");
	}

	@Test
	void aSecretNeverReadIsNotAnsweredAndOtherFailuresAreNotHidden() {
		this.cache.distrust();

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.cache.get(PROJECT, "never-read", UNREACHABLE));
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> current(() -> {
			throw new DataIntegrityViolationException("not an outage");
		}));
	}

	@Test
	void failedAttemptsToReconnectDoNotMakeTheEntriesFreshAgain() {
		this.cache.distrust();
		this.now.addAndGet(MAX_STALE.toNanos());

		this.cache.distrust();
		this.now.incrementAndGet();

		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> current(UNREACHABLE));
	}

	@Test
	void whenTheAnnouncementsFlowAgainNothingHeldBeforeIsServed() {
		this.cache.distrust();
		this.cache.trust();

		assertThat(current(() -> stages("a", "v7"))).isEqualTo("v7");
		this.cache.distrust();
		assertThat(current(UNREACHABLE)).isEqualTo("v7");
	}

	@Test
	void whenMaxStaleIsZeroTheEntriesAreDroppedAtOnce() {
		StageCache strict = new StageCache(10, 10, new Freshness("strict", Duration.ZERO, this.now::get, this.meters),
				this.meters);
		strict.trust();
		strict.get(PROJECT, "a", () -> stages("a", "v1"));

		strict.distrust();

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> strict.get(PROJECT, "a", UNREACHABLE));
	}

	private String current(Supplier<SecretStages> loader) {
		Stage stage = this.cache.get(PROJECT, "a", loader).stage("SYSCURRENT");
		return (stage != null) ? stage.versionId() : "none";
	}

	private static SecretStages stages(String secretName, String current) {
		return SecretStages.of(List.of(new StageLookup(PROJECT, secretName, "SYSCURRENT", current, Instant.EPOCH)));
	}

}
