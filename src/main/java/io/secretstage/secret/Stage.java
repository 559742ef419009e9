package io.secretstage.secret;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A stage as the API shows it.
 *
 * @param name the stage's name
 * @param versionId the version the stage points at
 * @param updateTime when the stage was last set or moved, in epoch milliseconds
 * @param secretName the secret's name
 */
record Stage(String name, @JsonProperty("version_id") String versionId, @JsonProperty("update_time") long updateTime,
		@JsonProperty("secret_name") String secretName) {

}
