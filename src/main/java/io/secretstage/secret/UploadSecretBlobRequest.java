package io.secretstage.secret;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

/**
 * The body of UploadSecretBlob. The blob is never printed.
 *
 * @param secretBlob a blob of DownloadSecretBlob, at most 5,242,880 characters
 */
record UploadSecretBlobRequest(
		@JsonProperty("secret_blob") @NotNull @CodePointLength(max = MAX_LENGTH) @Nullable String secretBlob) {

	/** The longest blob, as the contract bounds it. */
	static final int MAX_LENGTH = 5_242_880;

	@Override
	public String toString() {
		return "UploadSecretBlobRequest[secretBlob=(hidden)]";
	}

}
