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
		Map<String, Stage> stages = new HashMap<>();
		for (StageLookup row : rows) {
			String name = row.stageName();
			String versionId = row.versionId();
			Instant updateTime = row.updateTime();
			if (name != null && versionId != null && updateTime != null) {
				stages.put(name, new Stage(name, versionId, updateTime.toEpochMilli(), row.secretName()));
			}
		}
		return new SecretStages(true, Map.copyOf(stages));
	}

	@Nullable Stage stage(String name) {
		return this.stages.get(name);
	}

}
