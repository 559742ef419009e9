package io.secretstage.stagecache;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the stage cache holds of one secret: all its stages, or the knowledge that the
 * secret does not exist.
 *
 * @param exists whether the secret exists
 * @param goneAt when it is gone, in epoch milliseconds, if it is pending deletion; else
 * {@link Long#MAX_VALUE}
 * @param stages its stages by name
 */
public record CachedSecret(boolean exists, long goneAt, Map<String, StageView> stages) {

	static final CachedSecret MISSING = new CachedSecret(false, Long.MAX_VALUE, Map.of());

	static CachedSecret of(List<StageRow> rows) {
		if (rows.isEmpty()) {
			return MISSING;
		}
		// One copy of the secret's name for all its stages, and one copy in the whole
		// heap of each stage name and version id (a few names, such as SYSCURRENT and
		// v1, recur across most secrets): the cache may hold a million secrets.
		String secretName = rows.get(0).secretName();
		Instant scheduledDeleteTime = rows.get(0).scheduledDeleteTime();
		Map<String, StageView> stages = new HashMap<>();
		for (StageRow row : rows) {
			String name = row.stageName();
			String versionId = row.versionId();
			Instant updateTime = row.updateTime();
			if (name != null && versionId != null && updateTime != null) {
				StageView stage = new StageView(name.intern(), versionId.intern(), updateTime.toEpochMilli(),
						secretName);
				stages.put(stage.name(), stage);
			}
		}
		return new CachedSecret(true,
				(scheduledDeleteTime != null) ? scheduledDeleteTime.toEpochMilli() : Long.MAX_VALUE,
				Map.copyOf(stages));
	}

	/**
	 * Whether the secret exists at that moment: a secret whose scheduled deletion time
	 * has come is gone, whether or not the purge has deleted it yet.
	 * @param nowMillis the moment, in epoch milliseconds
	 * @return whether it exists
	 */
	public boolean existsAt(long nowMillis) {
		return this.exists && nowMillis < this.goneAt;
	}

	/**
	 * The stage of that name.
	 * @param name the stage's name
	 * @return the stage, or {@code null} if the secret has none of that name
	 */
	public @Nullable StageView stage(String name) {
		return this.stages.get(name);
	}

}
