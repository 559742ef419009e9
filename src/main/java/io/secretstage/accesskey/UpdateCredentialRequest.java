package io.secretstage.accesskey;

import io.secretstage.web.KnownFieldsOnly;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

/**
 * The body of UpdatePermanentAccessKey: {@code {"credential": {...}}}, with only the
 * fields of IAM's; a {@code user_id} is refused, since a key's user does not change.
 *
 * @param credential the fields to change
 */
@KnownFieldsOnly
record UpdateCredentialRequest(@NotNull @Valid @Nullable Credential credential) {

	/**
	 * The fields a caller changes; those left out stay as they are.
	 *
	 * @param description what the key is for
	 * @param status {@code active} or {@code inactive}
	 */
	record Credential(@CodePointLength(max = 255) @Pattern(regexp = "[^\\x00]*") @Nullable String description,
			@Pattern(regexp = "active|inactive") @Nullable String status) {

	}

}
