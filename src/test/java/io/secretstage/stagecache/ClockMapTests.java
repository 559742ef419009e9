package io.secretstage.stagecache;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.database.Freshness.Held;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests the stage cache's bounded map: its bound, which entry it evicts, its metrics, its
 * generations, and that a removal waits for a load under way.
 */
class ClockMapTests {

	private final ClockMap<String, String> map = new ClockMap<>(2);

	@Test
	void anEntryReadSinceTheHandPassedOutlivesOneNotRead() {
		this.map.put("a", "A", 1);
		this.map.put("b", "B", 1);
		// Every entry starts marked: the first sweep clears the marks, then evicts one.
		this.map.load("c", 1, (key) -> "C");
		List<String> kept = Stream.of("a", "b", "c").filter((key) -> this.map.peek(key) != null).toList();
		assertThat(kept).hasSize(2);
		String read = kept.get(0);
		String unread = kept.get(1);
		assertThat(this.map.get(read, 1)).isEqualTo(read.toUpperCase(Locale.ROOT));

		this.map.load("d", 1, (key) -> "D");

		assertThat(this.map.peek(read)).isNotNull();
		assertThat(this.map.peek(unread)).isNull();
		assertThat(this.map.peek("d")).isEqualTo(new Held<>("D", 1));
	}

	@Test
	void neverHoldsMoreThanItsBound() {
		for (int i = 0; i < 100; i++) {
			this.map.load("k" + i, 1, (key) -> key);
			this.map.get("k" + (i / 2), 1);
		}

		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		this.map.monitor(meters, "test");
		assertThat(meters.get("cache.size").tag("cache", "test").gauge().value()).isEqualTo(2);
		assertThat(meters.get("cache.evictions").tag("cache", "test").functionCounter().count()).isEqualTo(98);
	}

	@Test
	void aLoadThatMakesNothingKeepsNothing() {
		assertThat(this.map.load("a", 1, (key) -> null)).isNull();

		assertThat(this.map.peek("a")).isNull();
	}

	@Test
	void countsHitsMissesAndPutsAsMicrometerCountsACache() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		this.map.monitor(meters, "test");

		this.map.get("a", 1);
		this.map.load("a", 1, (key) -> "A");
		this.map.get("a", 1);
		this.map.get("a", 1);
		this.map.put("b", "B", 1);
		this.map.put("b", "again", 1);

		assertThat(meters.get("cache.gets").tag("result", "hit").functionCounter().count()).isEqualTo(2);
		assertThat(meters.get("cache.gets").tag("result", "miss").functionCounter().count()).isEqualTo(1);
		assertThat(meters.get("cache.puts").functionCounter().count()).isEqualTo(2);
		assertThat(this.map.peek("b")).isEqualTo(new Held<>("B", 1));
	}

	@Test
	void aValueOfAnotherGenerationIsAMissKeptUntilALoadReplacesIt() {
		this.map.put("a", "old", 1);

		assertThat(this.map.get("a", 2)).isNull();
		assertThat(this.map.peek("a")).isEqualTo(new Held<>("old", 1));
		assertThatIllegalStateException().isThrownBy(() -> this.map.load("a", 2, (key) -> {
			throw new IllegalStateException("the database is away");
		}));
		assertThat(this.map.peek("a")).isEqualTo(new Held<>("old", 1));

		assertThat(this.map.load("a", 2, (key) -> "new")).isEqualTo("new");
		assertThat(this.map.get("a", 2)).isEqualTo("new");
		assertThat(this.map.load("a", 2, (key) -> "not loaded again")).isEqualTo("new");
	}

	@Test
	void aLoadThatMakesNothingRemovesTheValueOfAnotherGeneration() {
		this.map.put("a", "old", 1);

		assertThat(this.map.load("a", 2, (key) -> null)).isNull();

		assertThat(this.map.peek("a")).isNull();
	}

	@Test
	void aPutReplacesAValueOfAnotherGenerationButNotOneOfItsOwn() {
		this.map.put("a", "old", 1);

		assertThat(this.map.put("a", "filled", 2)).isTrue();
		assertThat(this.map.put("a", "filled again", 2)).isFalse();

		assertThat(this.map.get("a", 2)).isEqualTo("filled");
	}

	@Test
	void aRemovalWaitsForTheLoadUnderWayThenRemovesWhatItLoaded() throws Exception {
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<Thread> remover = new AtomicReference<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			Future<String> load = threads.submit(() -> this.map.load("a", 1, (key) -> {
				loading.countDown();
				await().until(() -> release.await(10, TimeUnit.MILLISECONDS));
				return "before the change";
			}));
			assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
			Future<?> removal = threads.submit(() -> {
				remover.set(Thread.currentThread());
				this.map.remove("a");
			});

			await().until(() -> remover.get() != null && remover.get().getState() == Thread.State.BLOCKED);
			assertThat(removal).isNotDone();
			release.countDown();

			assertThat(load.get(10, TimeUnit.SECONDS)).isEqualTo("before the change");
			removal.get(10, TimeUnit.SECONDS);
		}
		assertThat(this.map.peek("a")).isNull();
	}

}
