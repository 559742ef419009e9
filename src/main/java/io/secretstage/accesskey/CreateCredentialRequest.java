package io.secretstage.accesskey;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.secretstage.web.KnownFieldsOnly;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

/**
 * The body of CreatePermanentAccessKey: {@code {"credential": {...}}}. It takes only the
 * fields of IAM's: a {@code status}, which IAM's creation does not take either, is
 * refused rather than ignored, since a caller who sends {@code "inactive"} would
 * otherwise get an active key.
 *
 * @param credential the key's fields
 */
@KnownFieldsOnly
record CreateCredentialRequest(@NotNull @Valid @Nullable Credential credential) {

	/**
	 * The fields a caller sets.
	 *
	 * @param userId the user the key is for: the caller's own
	 * @param description what the key is for
	 */
	record Credential(@JsonProperty("user_id") @Nullable String userId,
			@CodePointLength(max = 255) @Pattern(regexp = "[^\\x00]*") @Nullable String description) {

	}

}
