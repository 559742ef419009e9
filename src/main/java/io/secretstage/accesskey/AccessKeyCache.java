package io.secretstage.accesskey;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.secretstage.system.ChangeChannel;

/**
 * The access keys that signed requests named, in memory for a bounded time, unknown ones
 * too (so that a flood of made-up keys does not reach the database). A key is dropped
 * when the database announces its creation, deactivation or deletion on
 * {@code csms_access_key_changes} (see the {@code V3} migration). The cache is trusted
 * only while those announcements flow; without them every lookup reads the database.
 */
final class AccessKeyCache implements ChangeChannel {

	private final Cache<String, Optional<KnownKey>> entries;

	private volatile boolean trusted;

	AccessKeyCache(long maxSize, Duration ttl, MeterRegistry meters) {
		this.entries = CaffeineCacheMetrics.monitor(meters,
				Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).recordStats().build(),
				"csms.access-keys");
	}

	/**
	 * A key, loaded on a miss. Caffeine runs the loader under the entry's lock, so a
	 * change announced while a load is under way waits for it and then drops what it
	 * loaded.
	 */
	Optional<KnownKey> get(String accessKey, Function<String, Optional<KnownKey>> loader) {
		return this.trusted ? this.entries.get(accessKey, loader) : loader.apply(accessKey);
	}

	@Override
	public String name() {
		return "csms_access_key_changes";
	}

	@Override
	public void connected() {
		this.entries.invalidateAll();
		this.trusted = true;
	}

	@Override
	public void disconnected() {
		this.trusted = false;
		this.entries.invalidateAll();
	}

	@Override
	public void changed(String accessKey) {
		this.entries.invalidate(accessKey);
	}

}
