package io.secretstage.secret;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * All stages of one secret, as the read path needs them, or the knowledge that the secret
 * does not exist.
 *
 * @param exists whether the secret exists
 * @param stages its stages by name
 */
record SecretStages(boolean exists, Map<String, Stage> stages) {

	static final SecretStages MISSING = new SecretStages(false, Map.of());

	static SecretStages of(List<StageLookup> rows) {
		if (rows.isEmpty()) {
			return MISSING;
		}
		// One copy of the secret's name for all its stages, and one copy in the whole
		// heap of each stage name and version id (a few names, such as SYSCURRENT and
		// v1, recur across most secrets): the cache may hold a million secrets.
		String secretName = rows.get(0).secretName();
		Map<String, Stage> stages = new HashMap<>();
		for (StageLookup row : rows) {
			String name = row.stageName();
			String versionId = row.versionId();
			Instant updateTime = row.updateTime();
			if (name != null && versionId != null && updateTime != null) {
				Stage stage = new Stage(name.intern(), versionId.intern(), updateTime.toEpochMilli(), secretName);
				stages.put(stage.name(), stage);
			}
		}
		return new SecretStages(true, Map.copyOf(stages));
	}

	@Nullable Stage stage(String name) {
		return this.stages.get(name);
	}

}
