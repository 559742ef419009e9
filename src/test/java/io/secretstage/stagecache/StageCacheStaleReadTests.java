package io.secretstage.stagecache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.database.Freshness;
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

	private static final Supplier<List<StageRow>> UNREACHABLE = () -> {
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
		this.cache.lookup(PROJECT, "a", () -> rows("a", "v1"));
		this.cache.lookup(PROJECT, "gone", List::of);
	}

	@Test
	void untilTheAttemptToReconnectIsOverWhatIsHeldAnswersWithoutAskingTheDatabase() {
		Supplier<List<StageRow>> notAsked = () -> {
			throw new AssertionError("asked the database");
		};
		this.cache.distrust();

		assertThat(current(notAsked)).isEqualTo("v1");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.cache.lookup(PROJECT, "never-read", notAsked));

		// The attempt failed: the database is asked again (its circuit is open).
		this.cache.distrust();
		assertThat(current(() -> rows("a", "v2"))).isEqualTo("v2");
	}

	@Test
	void whenTheAnnouncementsStopAndTheDatabaseIsUnreachableThenEntriesAnswerForMaxStale() {
		this.cache.distrust();
		this.cache.distrust();

		assertThat(current(UNREACHABLE)).isEqualTo("v1");
		assertThat(this.cache.lookup(PROJECT, "gone", UNREACHABLE).exists()).isFalse();
		this.now.addAndGet(MAX_STALE.toNanos());
		assertThat(current(UNREACHABLE)).isEqualTo("v1");
		assertThat(this.meters.get("csms.cache.stale.reads").tag("cache", "csms.stages").counter().count())
			.isEqualTo(3);

		this.now.incrementAndGet();
		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> current(UNREACHABLE));
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.cache.lookup(PROJECT, "gone", UNREACHABLE));
	}

	@Test
	void whileTheAnnouncementsAreDownTheDatabaseAnswersWhenItCan() {
		this.cache.distrust();
		this.cache.distrust();

		assertThat(current(() -> rows("a", "v2"))).isEqualTo("v2");
		assertThat(current(UNREACHABLE)).isEqualTo("v1");
	}

	@Test
	void aSecretNeverReadIsNotAnsweredAndOtherFailuresAreNotHidden() {
		this.cache.distrust();
		this.cache.distrust();

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.cache.lookup(PROJECT, "never-read", UNREACHABLE));
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
	void whenTheAnnouncementsFlowAgainWhatWasHeldIsReadAnewButStillAnswersWhileTheDatabaseCannot() {
		this.cache.distrust();
		this.cache.trust();

		assertThat(current(UNREACHABLE)).isEqualTo("v1");
		assertThat(this.cache.lookup(PROJECT, "gone", UNREACHABLE).exists()).isFalse();
		assertThat(current(() -> rows("a", "v7"))).isEqualTo("v7");
		assertThat(current(UNREACHABLE)).as("fresh now, not read again").isEqualTo("v7");
		assertThat(this.cache.lookup(PROJECT, "gone", () -> rows("gone", "v1")).exists()).isTrue();
	}

	@Test
	void whatWasHeldBeforeTheAnnouncementsFlowedAgainAnswersForMaxStaleAfterTheyStopped() {
		this.cache.distrust();
		this.now.addAndGet(MAX_STALE.toNanos() / 2);
		this.cache.trust();
		this.now.addAndGet(MAX_STALE.toNanos() / 2);
		assertThat(current(UNREACHABLE)).isEqualTo("v1");

		this.now.incrementAndGet();

		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> current(UNREACHABLE));
	}

	@Test
	void eachEntryAnswersForMaxStaleAfterItsOwnGenerationStopped() {
		this.cache.distrust();
		this.cache.trust();
		this.cache.lookup(PROJECT, "b", () -> rows("b", "v2"));
		this.now.addAndGet(MAX_STALE.toNanos() / 2);
		this.cache.distrust();
		this.cache.trust();
		this.now.addAndGet(MAX_STALE.toNanos() / 2 + 1);

		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> current(UNREACHABLE));
		assertThat(this.cache.lookup(PROJECT, "b", UNREACHABLE).stage("SYSCURRENT")).isNotNull();
	}

	@Test
	void aChangeAnnouncedAfterTheAnnouncementsFlowAgainDropsWhatWasHeld() {
		this.cache.distrust();
		this.cache.trust();

		this.cache.evict(PROJECT, "a");

		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> current(UNREACHABLE));
	}

	@Test
	void whenMaxStaleIsZeroTheEntriesAreDroppedAtOnce() {
		StageCache strict = new StageCache(10, 10, new Freshness("strict", Duration.ZERO, this.now::get, this.meters),
				this.meters);
		strict.trust();
		strict.lookup(PROJECT, "a", () -> rows("a", "v1"));

		strict.distrust();

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> strict.lookup(PROJECT, "a", UNREACHABLE));
	}

	private String current(Supplier<List<StageRow>> loader) {
		StageView stage = this.cache.lookup(PROJECT, "a", loader).stage("SYSCURRENT");
		return (stage != null) ? stage.versionId() : "none";
	}

	private static List<StageRow> rows(String secretName, String current) {
		return List.of(new StageRow(PROJECT, secretName, null, "SYSCURRENT", current, Instant.EPOCH));
	}

}
