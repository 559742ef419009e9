package io.secretstage.secret;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of ShowSecretVersion: {@code {"version": {...}}} with the value, as text or as
 * base64. Never printed.
 *
 * @param version the version
 */
record VersionResponse(Version version) {

	static VersionResponse of(SecretValue value, VersionMetadata metadata) {
		return new VersionResponse((value.type() == SecretValue.Type.TEXT) ? new Version(value.asText(), null, metadata)
				: new Version(null, value.asBase64(), metadata));
	}

	@Override
	public String toString() {
		return "VersionResponse[value=(hidden)]";
	}

	/**
	 * A version and its value.
	 *
	 * @param secretString the value, if it is text
	 * @param secretBinary the value as base64, if it is binary
	 * @param versionMetadata the version's metadata
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Version(@JsonProperty("secret_string") @Nullable String secretString,
			@JsonProperty("secret_binary") @Nullable String secretBinary,
			@JsonProperty("version_metadata") VersionMetadata versionMetadata) {

		@Override
		public String toString() {
			return "Version[value=(hidden)]";
		}

	}

}
