package io.secretstage.stagecache;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import io.secretstage.database.Freshness.Held;
import org.jspecify.annotations.Nullable;

/**
 * A concurrent map bounded in size, whose reads write nothing into an entry that was
 * already read: the stage cache's entries live as long as the process, in the collector's
 * old generation, and each young collection scans every old object written since the one
 * before. A cache that records each read in its entries (as Caffeine's bounded caches do,
 * for their access order) keeps a large cache dirty, and at a million secrets that scan
 * was most of every young pause (see {@code bench/RESULTS.md}).
 * <p>
 * When a put makes the map larger than its bound, the putting thread evicts by the
 * second-chance (clock) policy: a hand goes round the entries; an entry read since the
 * hand last passed it is passed over once, its mark cleared; the first one not read is
 * evicted. An entry starts marked, so that no read writes into it until a sweep has
 * passed it: when the map holds everything, as the stage cache is meant to, no read
 * writes at all (first reads of a million entries that each wrote their mark made the
 * young pauses of the first seconds after start 50 to 150 ms long).
 * <p>
 * Each value carries the generation it was made in
 * ({@link io.secretstage.database.Freshness}): a read asks for a generation, and a value
 * of another one is a miss, kept until a load of the key replaces it.
 *
 * @param <K> the keys
 * @param <V> the values
 */
final class ClockMap<K, V> {

	private final ConcurrentHashMap<K, Slot<V>> slots = new ConcurrentHashMap<>();

	private final long maxSize;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	/** Where the eviction hand is: the entries it has yet to pass. Guarded by this. */
	private @Nullable Iterator<Map.Entry<K, Slot<V>>> hand;

	/**
	 * Create an empty map.
	 * @param maxSize how many entries to keep at most
	 */
	ClockMap(long maxSize) {
		this.maxSize = maxSize;
	}

	/**
	 * The value of a key if it was made in that generation, counted as a hit; else a
	 * miss.
	 * @param key the key
	 * @param generation the generation
	 * @return its value, or {@code null} if there is none of that generation
	 */
	@Nullable V get(K key, int generation) {
		Slot<V> slot = this.slots.get(key);
		if (slot == null || slot.generation != generation) {
			this.misses.increment();
			return null;
		}
		this.hits.increment();
		if (!slot.read) {
			slot.read = true;
		}
		return slot.value;
	}

	/**
	 * The value of a key, of whichever generation, without counting or marking it read.
	 * @param key the key
	 * @return its value and generation, or {@code null} if there is none
	 */
	@Nullable Held<V> peek(K key) {
		Slot<V> slot = this.slots.get(key);
		return (slot != null) ? new Held<>(slot.value, slot.generation) : null;
	}

	/**
	 * The value of a key made in that generation, loaded if there is none: the load
	 * replaces a value of another generation, or removes it if it makes none. It runs
	 * under the key's lock ({@link ConcurrentHashMap#compute}), so a {@link #remove} of
	 * the key that arrives meanwhile waits for it, and then removes what it loaded. If
	 * the load fails, the value held stays.
	 * @param key the key
	 * @param generation the generation
	 * @param load makes the value, or {@code null} to keep none
	 * @return the value, or {@code null} if the load made none
	 */
	@Nullable V load(K key, int generation, Function<K, @Nullable V> load) {
		Slot<V> slot = this.slots.compute(key, (k, held) -> {
			if (held != null && held.generation == generation) {
				return held;
			}
			V value = load.apply(k);
			if (value == null) {
				return null;
			}
			this.puts.increment();
			return new Slot<>(value, generation);
		});
		if (slot == null) {
			return null;
		}
		shrink();
		return slot.value;
	}

	/**
	 * Put a value unless the key has one of that generation.
	 * @param key the key
	 * @param value the value
	 * @param generation its generation
	 * @return whether it was put
	 */
	boolean put(K key, V value, int generation) {
		Slot<V> put = new Slot<>(value, generation);
		boolean wasPut = this.slots.merge(key, put,
				(held, given) -> (held.generation == generation) ? held : given) == put;
		if (wasPut) {
			this.puts.increment();
			shrink();
		}
		return wasPut;
	}

	void remove(K key) {
		this.slots.remove(key);
	}

	void clear() {
		this.slots.clear();
	}

	/**
	 * Count the map's hits, misses, puts, evictions and size, as Micrometer counts a
	 * cache's ({@code cache.gets}, {@code cache.puts}, {@code cache.evictions},
	 * {@code cache.size}).
	 * @param meters where the metrics go
	 * @param name the value of their {@code cache} tag
	 */
	void monitor(MeterRegistry meters, String name) {
		new Metrics(this, name).bindTo(meters);
	}

	private void shrink() {
		if (this.slots.mappingCount() <= this.maxSize) {
			return;
		}
		synchronized (this) {
			// After two rounds of the hand, a mark no longer saves an entry: readers
			// that mark entries again cannot hold the map over its bound.
			long passes = 2 * this.slots.mappingCount();
			while (this.slots.mappingCount() > this.maxSize) {
				if (this.hand == null || !this.hand.hasNext()) {
					this.hand = this.slots.entrySet().iterator();
					if (!this.hand.hasNext()) {
						return;
					}
				}
				Map.Entry<K, Slot<V>> entry = this.hand.next();
				Slot<V> slot = entry.getValue();
				if (slot.read && passes-- > 0) {
					slot.read = false;
				}
				else if (this.slots.remove(entry.getKey(), slot)) {
					this.evictions.increment();
				}
			}
		}
	}

	/**
	 * A value, the generation it was made in, and whether it was read since the hand last
	 * passed it. The mark is written without synchronization: a lost write only changes
	 * which entry is evicted.
	 */
	private static final class Slot<V> {

		private final V value;

		private final int generation;

		private boolean read = true;

		Slot(V value, int generation) {
			this.value = value;
			this.generation = generation;
		}

	}

	private static final class Metrics extends CacheMeterBinder<ClockMap<?, ?>> {

		Metrics(ClockMap<?, ?> map, String name) {
			super(map, name, Tags.empty());
		}

		@Override
		protected Long size() {
			return getCache().slots.mappingCount();
		}

		@Override
		protected long hitCount() {
			return getCache().hits.sum();
		}

		@Override
		protected Long missCount() {
			return getCache().misses.sum();
		}

		@Override
		protected Long evictionCount() {
			return getCache().evictions.sum();
		}

		@Override
		protected long putCount() {
			return getCache().puts.sum();
		}

		@Override
		protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		}

	}

}
