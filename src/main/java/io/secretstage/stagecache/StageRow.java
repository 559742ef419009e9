package io.secretstage.stagecache;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One row of a secret as the stage cache takes it: the secret with one of its stages, or
 * with none.
 *
 * @param projectId the secret's project
 * @param secretName the secret's name
 * @param scheduledDeleteTime when the secret is gone, if it is pending deletion
 * @param stageName the stage's name, or {@code null} for a secret without stages
 * @param versionId the version the stage points at
 * @param updateTime when the stage was last set
 */
public record StageRow(String projectId, String secretName, @Nullable Instant scheduledDeleteTime,
		@Nullable String stageName, @Nullable String versionId, @Nullable Instant updateTime) {

}
