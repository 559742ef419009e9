package io.secretstage.stagecache;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.secretstage.database.Freshness;
import io.secretstage.database.Freshness.Held;
import org.jspecify.annotations.Nullable;

/**
 * The stages of secrets, in memory. An entry is dropped when this instance commits a
 * change to its secret, and when the database announces a change made by anyone (see
 * {@link StageChanges}). The cache is trusted only while that announcement channel is up:
 * without it every read goes to the database, and when it comes back a new generation of
 * entries begins ({@link Freshness}), to be filled from a snapshot of the database
 * ({@link #fill}) and by the reads that miss.
 * <p>
 * One exception: when the database cannot be reached, a read is answered from what the
 * cache held when the announcements stopped, for at most {@code maxStale} after that
 * moment; so too after they flow again, until a fresh read or the fill replaces it (the
 * database may come back to the listener before it takes the requests' connections).
 */
public final class StageCache {

	/**
	 * The secrets, in a map whose reads leave the collector nothing to scan (see there).
	 */
	private final ClockMap<Key, CachedSecret> entries;

	/**
	 * The secrets read and found missing, kept apart: a flood of lookups of names that do
	 * not exist neither pushes real secrets out nor reaches the database once per
	 * request.
	 */
	private final Cache<Key, Integer> missing;

	private final long maxSize;

	private final Freshness freshness;

	/** The secrets evicted while a fill runs, to be evicted again when it ends. */
	private volatile @Nullable Set<Key> evictedWhileFilling;

	/**
	 * Create the cache.
	 * @param maxSize how many secrets to keep
	 * @param maxMissing how many names of missing secrets to keep, apart
	 * @param freshness whether the entries are fresh
	 * @param meters where the cache's metrics go
	 */
	StageCache(long maxSize, long maxMissing, Freshness freshness, MeterRegistry meters) {
		this.maxSize = maxSize;
		this.freshness = freshness;
		this.entries = new ClockMap<>(maxSize);
		this.entries.monitor(meters, "csms.stages");
		this.missing = CaffeineCacheMetrics.monitor(meters,
				Caffeine.newBuilder().maximumSize(maxMissing).recordStats().build(), "csms.stages.missing");
	}

	/**
	 * The stages of a secret, loaded from its rows on a miss (an entry of an earlier
	 * generation is one). The load runs under the entry's lock, so an eviction that
	 * arrives while a load is under way waits for it and then drops what it loaded: a
	 * value read before a change is never kept after the change.
	 * @param projectId the secret's project
	 * @param secretName the secret's name
	 * @param rows reads the secret's rows (none if it does not exist), on a miss
	 * @return the secret's stages, or {@code exists == false}
	 */
	public CachedSecret lookup(String projectId, String secretName, Supplier<List<StageRow>> rows) {
		Key key = new Key(projectId, secretName);
		int generation = this.freshness.generation();
		if (generation == Freshness.NONE) {
			return this.freshness.load(() -> CachedSecret.of(rows.get()), () -> held(key));
		}
		CachedSecret cached = this.entries.get(key, generation);
		if (cached != null) {
			return cached;
		}
		Integer missingSince = this.missing.getIfPresent(key);
		if (missingSince != null && missingSince == generation) {
			return CachedSecret.MISSING;
		}
		return this.freshness.load(() -> load(key, generation, rows), () -> held(key));
	}

	private CachedSecret load(Key key, int generation, Supplier<List<StageRow>> rows) {
		// A missing secret is remembered apart, still under the entry's lock: an eviction
		// waits for the load, then drops what it remembered (see evict).
		CachedSecret found = this.entries.load(key, generation, (k) -> {
			CachedSecret loaded = CachedSecret.of(rows.get());
			if (loaded.exists()) {
				return loaded;
			}
			this.missing.put(k, generation);
			return null;
		});
		return (found != null) ? found : CachedSecret.MISSING;
	}

	private @Nullable Held<CachedSecret> held(Key key) {
		Held<CachedSecret> cached = this.entries.peek(key);
		if (cached != null) {
			return cached;
		}
		Integer missingSince = this.missing.getIfPresent(key);
		return (missingSince != null) ? new Held<>(CachedSecret.MISSING, missingSince) : null;
	}

	/**
	 * Drop a secret, so that the next lookup reads it again.
	 * @param projectId the secret's project
	 * @param secretName the secret's name
	 */
	public void evict(String projectId, String secretName) {
		Key key = new Key(projectId, secretName);
		Set<Key> recorded = this.evictedWhileFilling;
		if (recorded != null) {
			recorded.add(key);
		}
		this.entries.remove(key);
		this.missing.invalidate(key);
	}

	/**
	 * Put the stages of many secrets, read from one snapshot of the database, until the
	 * cache is full. A secret changed after the snapshot was taken is announced, and so
	 * evicted, after that moment; an eviction may still come before the fill puts the
	 * snapshot's older value, so every secret evicted while the fill runs is recorded,
	 * and a put of a recorded secret is undone at once. (An eviction records its secret
	 * before it drops the entry: whichever of the two comes second drops the put.)
	 * Secrets read anew in this generation are left as they are; those of an earlier one
	 * are replaced. One fill at a time; a fill stops when the cache is distrusted or
	 * trusted anew.
	 * @param snapshot reads the snapshot and hands each secret to the given sink, and
	 * stops when the sink answers {@code false}
	 * @return how many secrets were put
	 */
	synchronized long fill(Consumer<Sink> snapshot) {
		int generation = this.freshness.generation();
		if (generation == Freshness.NONE) {
			return 0;
		}
		Set<Key> evicted = ConcurrentHashMap.newKeySet();
		this.evictedWhileFilling = evicted;
		long[] put = { 0 };
		try {
			snapshot.accept((projectId, secretName, stages) -> {
				if (this.freshness.generation() != generation || put[0] >= this.maxSize) {
					return false;
				}
				// Most secrets share a few projects: one copy of each project id, as
				// of each stage name (CachedSecret).
				Key key = new Key(projectId.intern(), secretName);
				if (this.entries.put(key, stages, generation)) {
					put[0]++;
					if (evicted.contains(key)) {
						this.entries.remove(key);
					}
				}
				return true;
			});
		}
		finally {
			this.evictedWhileFilling = null;
		}
		return put[0];
	}

	/**
	 * The announcements are flowing: a new generation of entries begins, and those held
	 * are kept for reads the database cannot answer.
	 */
	void trust() {
		this.freshness.trust();
	}

	/**
	 * The announcements stopped: read from the database until they flow again, and keep
	 * the entries, fresh as of now, for reads the database cannot answer meanwhile.
	 */
	void distrust() {
		if (!this.freshness.distrust()) {
			this.entries.clear();
			this.missing.invalidateAll();
		}
	}

	/** Takes the secrets of a fill. */
	@FunctionalInterface
	interface Sink {

		/**
		 * Take the stages of one secret.
		 * @param projectId the secret's project
		 * @param secretName the secret's name
		 * @param stages its stages
		 * @return whether to go on
		 */
		boolean put(String projectId, String secretName, CachedSecret stages);

	}

	private record Key(String projectId, String secretName) {
	}

}
