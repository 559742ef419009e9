package io.secretstage.accesskey;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

/**
 * The body of CreatePermanentAccessKey and UpdatePermanentAccessKey:
 * {@code {"credential": {...}}}.
 *
 * @param credential the key's fields
 */
record CredentialRequest(@NotNull @Valid @Nullable Credential credential) {

	/**
	 * The fields a caller sets.
	 *
	 * @param userId the user the key is for (creation only): the caller's own
	 * @param description what the key is for
	 * @param status {@code active} or {@code inactive} (change only)
	 */
	record Credential(@JsonProperty("user_id") @Nullable String userId,
			@CodePointLength(max = 255) @Pattern(regexp = "[^\\x00]*") @Nullable String description,
			@Pattern(regexp = "active|inactive") @Nullable String status) {

	}

}
