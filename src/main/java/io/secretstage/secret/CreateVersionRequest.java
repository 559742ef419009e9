package io.secretstage.secret;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.secretstage.web.ApiPatterns;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

/**
 * The body of CreateSecretVersion. The value is never printed.
 *
 * @param secretString the value as text
 * @param secretBinary the value as base64
 * @param versionStages the stages to move to the new version; {@code SYSCURRENT} when not
 * set
 * @param expireTime when the version expires, in epoch milliseconds: after its creation
 * and at the latest 9999-12-31T23:59:59Z; kept to whole seconds, as every time
 */
record CreateVersionRequest(
		@JsonProperty("secret_string") @CodePointLength(min = 1, max = 32_768) @Nullable String secretString,
		@JsonProperty("secret_binary") @CodePointLength(min = 1, max = 32_768) @Nullable String secretBinary,
		@JsonProperty("version_stages") @Size(max = StageRules.MAX_STAGES) @Nullable List<@NotNull @Pattern(
				regexp = ApiPatterns.NAME) String> versionStages,
		@JsonProperty("expire_time") @Positive @Max(LATEST_EXPIRE_TIME) @Nullable Long expireTime) {

	/**
	 * 9999-12-31T23:59:59Z in epoch milliseconds: the last second of a four-digit year.
	 */
	static final long LATEST_EXPIRE_TIME = 253_402_300_799_000L;

	@Override
	public String toString() {
		return "CreateVersionRequest[versionStages=" + this.versionStages + ", value=(hidden)]";
	}

}
