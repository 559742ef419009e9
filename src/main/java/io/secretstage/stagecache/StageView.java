package io.secretstage.stagecache;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A stage as the API shows it, and as the cache holds it, ready to be written.
 *
 * @param name the stage's name
 * @param versionId the version the stage points at
 * @param updateTime when the stage was last set or moved, in epoch milliseconds
 * @param secretName the secret's name
 */
public record StageView(String name, @JsonProperty("version_id") String versionId,
		@JsonProperty("update_time") long updateTime, @JsonProperty("secret_name") String secretName) {

}
