package io.secretstage.secret;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.secretstage.web.ApiPatterns;
import jakarta.validation.constraints.AssertFalse;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

/**
 * The body of CreateSecret, and of each entry of BatchImportSecrets. The value is never
 * printed.
 *
 * @param name the secret's name
 * @param secretString the first version's value as text
 * @param secretBinary the first version's value as base64
 * @param description what the secret is for; any text PostgreSQL can store (no NUL)
 * @param kmsKeyId the master key to seal this secret's versions with; the primary when
 * not set
 * @param secretType the secret's type; only {@code COMMON}
 * @param enterpriseProjectId the enterprise project, stored as given; {@code "0"} when
 * not set
 * @param eventSubscriptions the event to subscribe to, at most one; {@code ""} entries
 * are dropped
 * @param autoRotation only {@code false}: this service rotates nothing
 * @param rotationPeriod only empty
 * @param rotationConfig only empty
 * @param rotationFuncUrn only empty
 */
record CreateSecretRequest(@NotNull @Pattern(regexp = ApiPatterns.NAME) @Nullable String name,
		@JsonProperty("secret_string") @CodePointLength(min = 1, max = 32_768) @Nullable String secretString,
		@JsonProperty("secret_binary") @CodePointLength(min = 1, max = 32_768) @Nullable String secretBinary,
		@CodePointLength(max = 2_048) @Pattern(regexp = ApiPatterns.STORABLE_TEXT) @Nullable String description,
		@JsonProperty("kms_key_id") @CodePointLength(min = 1, max = 64) @Nullable String kmsKeyId,
		@JsonProperty("secret_type") @Pattern(regexp = "COMMON") @Nullable String secretType,
		@JsonProperty("enterprise_project_id") @CodePointLength(min = 1,
				max = 36) @Pattern(regexp = ApiPatterns.STORABLE_TEXT) @Nullable String enterpriseProjectId,
		@JsonProperty("event_subscriptions") @Nullable List<@NotNull @Pattern(
				regexp = ApiPatterns.NAME_OR_EMPTY) String> eventSubscriptions,
		@JsonProperty("auto_rotation") @AssertFalse @Nullable Boolean autoRotation,
		@JsonProperty("rotation_period") @CodePointLength(max = 0) @Nullable String rotationPeriod,
		@JsonProperty("rotation_config") @CodePointLength(max = 0) @Nullable String rotationConfig,
		@JsonProperty("rotation_func_urn") @CodePointLength(max = 0) @Nullable String rotationFuncUrn) {

	@Override
	public String toString() {
		return "CreateSecretRequest[name=" + this.name + ", value=(hidden)]";
	}

}
