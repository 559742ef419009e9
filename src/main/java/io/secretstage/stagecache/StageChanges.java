package io.secretstage.stagecache;

import io.secretstage.database.ChangeChannel;
import org.jspecify.annotations.Nullable;

/**
 * The changes of secrets and their stages, announced as {@code project_id/secret_name} on
 * {@code csms_secret_changes} (see the {@code V2} migration): each drops the secret from
 * the {@link StageCache}. While the announcements do not flow the cache is not used; when
 * they flow again it starts empty, and is filled in the background when a fill is
 * configured.
 */
class StageChanges implements ChangeChannel {

	private final StageCache cache;

	private final @Nullable Runnable fill;

	/**
	 * Create the channel.
	 * @param cache the cache to keep fresh
	 * @param fill run in the background each time the cache comes into use, if any
	 */
	StageChanges(StageCache cache, @Nullable Runnable fill) {
		this.cache = cache;
		this.fill = fill;
	}

	@Override
	public String name() {
		return "csms_secret_changes";
	}

	@Override
	public void connected() {
		this.cache.trust();
		if (this.fill != null) {
			// A platform thread: the fill holds the cache's lock across its database
			// reads, which would pin a virtual thread's carrier on Java 21.
			Thread.ofPlatform().name("csms-stage-cache-fill").daemon().start(this.fill);
		}
	}

	@Override
	public void disconnected() {
		this.cache.distrust();
	}

	@Override
	public void changed(String payload) {
		int slash = payload.indexOf('/');
		if (slash > 0) {
			this.cache.evict(payload.substring(0, slash), payload.substring(slash + 1));
		}
	}

}
