package io.secretstage.stagecache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.database.Freshness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the stage cache's fill from a snapshot, above all that a change announced while
 * the fill runs is not hidden by the snapshot's older value.
 */
class StageCacheTests {

	private static final String PROJECT = "aaaabbbbccccddddeeeeffff00001111";

	private final AtomicInteger loads = new AtomicInteger();

	private StageCache cache;

	@BeforeEach
	void trustedCache() {
		this.cache = new StageCache(3, 3,
				new Freshness("test", Duration.ZERO, Ticker.systemTicker(), new SimpleMeterRegistry()),
				new SimpleMeterRegistry());
		this.cache.trust();
	}

	@Test
	void filledSecretsAreReadWithoutLoading() {
		long put = this.cache.fill((sink) -> {
			sink.put(PROJECT, "a", secret("a", "v1"));
			sink.put(PROJECT, "b", secret("b", "v2"));
		});

		assertThat(put).isEqualTo(2);
		assertThat(current("a")).isEqualTo("v1");
		assertThat(current("b")).isEqualTo("v2");
		assertThat(this.loads).hasValue(0);
	}

	@Test
	void aSecretEvictedWhileTheFillRunsIsNeverReadFromTheSnapshot() {
		this.cache.fill((sink) -> {
			// The change is announced before the fill puts the snapshot's older value:
			// a read while the fill still runs already gets the new one.
			this.cache.evict(PROJECT, "a");
			sink.put(PROJECT, "a", secret("a", "v1"));
			assertThat(current("a")).isEqualTo("loaded");
			sink.put(PROJECT, "b", secret("b", "v1"));
		});

		assertThat(current("a")).isEqualTo("loaded");
		assertThat(current("b")).isEqualTo("v1");
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void aSecretAlreadyReadKeepsItsValue() {
		assertThat(current("a")).isEqualTo("loaded");

		long put = this.cache.fill((sink) -> sink.put(PROJECT, "a", secret("a", "v1")));

		assertThat(put).isZero();
		assertThat(current("a")).isEqualTo("loaded");
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void theFillReplacesWhatWasHeldBeforeTheAnnouncementsFlowedAgain() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StageCache keeping = new StageCache(3, 3,
				new Freshness("test", Duration.ofMinutes(1), Ticker.systemTicker(), meters), meters);
		keeping.trust();
		keeping.lookup(PROJECT, "a", () -> rows("a", "before"));
		keeping.distrust();
		keeping.trust();

		assertThat(keeping.fill((sink) -> sink.put(PROJECT, "a", secret("a", "v2")))).isEqualTo(1);

		StageView stage = keeping.lookup(PROJECT, "a", () -> {
			throw new AssertionError("read from the database");
		}).stage("SYSCURRENT");
		assertThat(stage).isNotNull().extracting(StageView::versionId).isEqualTo("v2");
	}

	@Test
	void theFillStopsWhenTheCacheIsFull() {
		AtomicInteger offered = new AtomicInteger();
		long put = this.cache.fill((sink) -> {
			for (int i = 0; i < 10 && sink.put(PROJECT, "s" + i, secret("s" + i, "v1")); i++) {
				offered.incrementAndGet();
			}
		});

		assertThat(put).isEqualTo(3);
		assertThat(offered).hasValue(3);
	}

	@Test
	void theFillStopsWhenTheCacheIsDistrusted() {
		AtomicInteger taken = new AtomicInteger();
		this.cache.fill((sink) -> {
			sink.put(PROJECT, "a", secret("a", "v1"));
			this.cache.distrust();
			if (sink.put(PROJECT, "b", secret("b", "v1"))) {
				taken.incrementAndGet();
			}
		});

		assertThat(taken).hasValue(0);
	}

	@Test
	void manyMissingSecretsThenRealOnesStayAndEachMissIsReadOnce() {
		assertThat(current("a")).isEqualTo("loaded");
		AtomicInteger missLoads = new AtomicInteger();

		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 3; i++) {
				CachedSecret found = this.cache.lookup(PROJECT, "no-such-" + i, () -> {
					missLoads.incrementAndGet();
					return List.of();
				});
				assertThat(found.exists()).isFalse();
			}
		}

		assertThat(missLoads).hasValue(3);
		assertThat(current("a")).isEqualTo("loaded");
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void aMissingSecretThatIsCreatedThenReadAfterItsEviction() {
		this.cache.lookup(PROJECT, "later", List::of);

		assertThat(this.cache.lookup(PROJECT, "later", () -> rows("later", "v1")).exists()).isFalse();
		this.cache.evict(PROJECT, "later");
		assertThat(current("later")).isEqualTo("loaded");
	}

	@Test
	void aSecretWithoutStagesExistsAndNoRowsMeanMissing() {
		CachedSecret bare = this.cache.lookup(PROJECT, "bare",
				() -> List.of(new StageRow(PROJECT, "bare", null, null, null, null)));

		assertThat(bare.exists()).isTrue();
		assertThat(bare.stages()).isEmpty();
		assertThat(this.cache.lookup(PROJECT, "gone", List::of).exists()).isFalse();
	}

	@Test
	void anUntrustedCacheIsNotFilled() {
		this.cache.distrust();

		assertThat(this.cache.fill((sink) -> sink.put(PROJECT, "a", secret("a", "v1")))).isZero();
	}

	private String current(String secretName) {
		Supplier<List<StageRow>> loader = () -> {
			this.loads.incrementAndGet();
			return rows(secretName, "loaded");
		};
		StageView stage = this.cache.lookup(PROJECT, secretName, loader).stage("SYSCURRENT");
		return (stage != null) ? stage.versionId() : "none";
	}

	private static List<StageRow> rows(String secretName, String current) {
		return List.of(new StageRow(PROJECT, secretName, null, "SYSCURRENT", current, Instant.EPOCH));
	}

	private static CachedSecret secret(String secretName, String current) {
		return CachedSecret.of(rows(secretName, current));
	}

}
