package io.secretstage.secret;

import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * The stages of recently read secrets, in memory. An entry is dropped when this instance
 * commits a change to its secret, and when the database announces a change made by anyone
 * (see {@link StageChangeListener}). The cache is trusted only while that announcement
 * channel is up: without it every read goes to the database, and when it comes back the
 * cache starts empty.
 */
class StageCache {

	private final Cache<Key, SecretStages> entries;

	private volatile boolean trusted;

	StageCache(long maxSize, MeterRegistry meters) {
		this.entries = CaffeineCacheMetrics.monitor(meters,
				Caffeine.newBuilder().maximumSize(maxSize).recordStats().build(), "csms.stages");
	}

	/**
	 * The stages of a secret, loaded on a miss. Caffeine runs the loader under the
	 * entry's lock, so an eviction that arrives while a load is under way waits for it
	 * and then drops what it loaded: a value read before a change is never kept after the
	 * change.
	 */
	SecretStages get(String projectId, String secretName, Supplier<SecretStages> loader) {
		if (!this.trusted) {
			return loader.get();
		}
		return this.entries.get(new Key(projectId, secretName), (key) -> loader.get());
	}

	void evict(String projectId, String secretName) {
		this.entries.invalidate(new Key(projectId, secretName));
	}

	/** The announcements are flowing: start from an empty cache and use it. */
	void trust() {
		this.entries.invalidateAll();
		this.trusted = true;
	}

	/** The announcements stopped: read from the database until they flow again. */
	void distrust() {
		this.trusted = false;
		this.entries.invalidateAll();
	}

	private record Key(String projectId, String secretName) {
	}

}
