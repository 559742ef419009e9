package io.secretstage.secret;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One row of the stage lookup: a secret with one of its stages, or with none.
 *
 * @param projectId the secret's project
 * @param secretName the secret's name
 * @param stageName the stage's name, or {@code null} for a secret without stages
 * @param versionId the version the stage points at
 * @param updateTime when the stage was last set
 */
record StageLookup(String projectId, String secretName, @Nullable String stageName, @Nullable String versionId,
		@Nullable Instant updateTime) {

}
