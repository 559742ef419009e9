package io.secretstage.secret;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.secretstage.web.ApiPatterns;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The body of UpdateSecretStage.
 *
 * @param versionId the version the stage is to point at
 */
record UpdateStageRequest(
		@JsonProperty("version_id") @NotNull @Pattern(regexp = ApiPatterns.VERSION_ID) @Nullable String versionId) {

}
