package io.secretstage.secret;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of DownloadSecretBlob: {@code {"secret_blob": "..."}}. The blob is never
 * printed.
 *
 * @param secretBlob the blob
 */
record SecretBlobResponse(@JsonProperty("secret_blob") String secretBlob) {

	@Override
	public String toString() {
		return "SecretBlobResponse[secretBlob=(hidden)]";
	}

}
