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
 * The body of UpdateSecret: metadata only, each field left as it is when absent.
 *
 * @param description what the secret is for; {@code ""} clears it
 * @param kmsKeyId the master key to seal the versions made from now on with
 * @param eventSubscriptions the event to subscribe to, at most one; {@code []}
 * unsubscribes, {@code ""} entries are dropped
 * @param autoRotation only {@code false}: this service rotates nothing
 * @param rotationPeriod only empty
 * @param rotationFuncUrn only empty
 */
record UpdateSecretRequest(
		@CodePointLength(max = 2_048) @Pattern(regexp = ApiPatterns.STORABLE_TEXT) @Nullable String description,
		@JsonProperty("kms_key_id") @CodePointLength(min = 2, max = 64) @Nullable String kmsKeyId,
		@JsonProperty("event_subscriptions") @Nullable List<@NotNull @Pattern(
				regexp = ApiPatterns.NAME_OR_EMPTY) String> eventSubscriptions,
		@JsonProperty("auto_rotation") @AssertFalse @Nullable Boolean autoRotation,
		@JsonProperty("rotation_period") @CodePointLength(max = 0) @Nullable String rotationPeriod,
		@JsonProperty("rotation_func_urn") @CodePointLength(max = 0) @Nullable String rotationFuncUrn) {

}
