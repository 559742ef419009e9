package io.secretstage.accesskey;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.secretstage.database.ChangeChannel;
import io.secretstage.database.Freshness;
import io.secretstage.database.Freshness.Held;

/**
 * The access keys that signed requests named, in memory for a bounded time, unknown ones
 * too (so that a flood of made-up keys does not reach the database). A key is dropped
 * when the database announces its creation, deactivation or deletion on
 * {@code csms_access_key_changes} (see the {@code V3} migration). The cache is trusted
 * only while those announcements flow; without them every lookup reads the database, or,
 * when it cannot be reached, what the cache held, for a bounded time ({@link Freshness}).
 * When they flow again, the keys held before are read anew as they are asked for, and
 * still answer while the database cannot.
 */
final class AccessKeyCache implements ChangeChannel {

	private final Cache<String, Held<Optional<KnownKey>>> entries;

	private final Freshness freshness;

	AccessKeyCache(long maxSize, Duration ttl, Freshness freshness, Ticker ticker, MeterRegistry meters) {
		this.freshness = freshness;
		this.entries = CaffeineCacheMetrics.monitor(meters,
				Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).ticker(ticker).recordStats().build(),
				"csms.access-keys");
	}

	/**
	 * A key, loaded on a miss (a key held from an earlier generation is one). Caffeine
	 * runs the loader under the entry's lock, so a change announced while a load is under
	 * way waits for it and then drops what it loaded.
	 * @param accessKey the access key id
	 * @param loader reads the key from the database
	 * @return the key, or empty if there is none
	 */
	Optional<KnownKey> get(String accessKey, Function<String, Optional<KnownKey>> loader) {
		int generation = this.freshness.generation();
		if (generation == Freshness.NONE) {
			return this.freshness.load(() -> loader.apply(accessKey), () -> this.entries.getIfPresent(accessKey));
		}
		Held<Optional<KnownKey>> cached = this.entries.getIfPresent(accessKey);
		if (cached != null && cached.generation() == generation) {
			return cached.value();
		}
		return this.freshness.load(() -> this.entries.asMap()
			.compute(accessKey,
					(key, held) -> (held != null && held.generation() == generation) ? held
							: new Held<>(loader.apply(key), generation))
			.value(), () -> this.entries.getIfPresent(accessKey));
	}

	@Override
	public String name() {
		return "csms_access_key_changes";
	}

	@Override
	public void connected() {
		this.freshness.trust();
	}

	@Override
	public void disconnected() {
		if (!this.freshness.distrust()) {
			this.entries.invalidateAll();
		}
	}

	@Override
	public void changed(String accessKey) {
		this.entries.invalidate(accessKey);
	}

}
