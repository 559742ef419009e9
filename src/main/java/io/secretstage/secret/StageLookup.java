package io.secretstage.secret;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one query finds for a stage request: the secret, and the stage when the secret has
 * one of that name.
 *
 * @param secretName the secret's name
 * @param versionId the version the stage points at, or {@code null} if there is no such
 * stage
 * @param updateTime when the stage was last set, or {@code null} if there is no such
 * stage
 */
record StageLookup(String secretName, @Nullable String versionId, @Nullable Instant updateTime) {

}
