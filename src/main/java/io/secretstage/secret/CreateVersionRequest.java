package io.secretstage.secret;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of CreateSecretVersion. The value is never printed.
 *
 * @param secretString the value as text
 * @param secretBinary the value as base64
 * @param versionStages the stages to move to the new version; {@code SYSCURRENT} when not
 * set
 * @param expireTime when the version expires, in epoch milliseconds
 */
record CreateVersionRequest(@JsonProperty("secret_string") @Size(min = 1, max = 32_768) @Nullable String secretString,
		@JsonProperty("secret_binary") @Size(min = 1, max = 32_768) @Nullable String secretBinary,
		@JsonProperty("version_stages") @Size(
				max = SecretWrites.MAX_STAGES) @Nullable List<@Pattern(regexp = ApiPatterns.NAME) String> versionStages,
		@JsonProperty("expire_time") @Positive @Nullable Long expireTime) {

	@Override
	public String toString() {
		return "CreateVersionRequest[versionStages=" + this.versionStages + ", value=(hidden)]";
	}

}
