package io.secretstage.crypto;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The master keys that wrap every version's data key. There is no built-in key: without
 * one the service does not start.
 *
 * @param masterKeys every key that may have wrapped a stored data key
 * @param primaryKeyId the key that new writes use; the first listed when not set
 */
@ConfigurationProperties("csms.crypto")
@Validated
record CryptoProperties(@NotEmpty(message = "set csms.crypto.master-keys[0].id and csms.crypto.master-keys[0].key "
		+ "(the base64 of 32 random bytes: openssl rand -base64 32)") @DefaultValue List<@Valid MasterKey> masterKeys,
		@Nullable String primaryKeyId) {

	/**
	 * One master key.
	 *
	 * @param id the key's id, stored with each version it wraps and shown as
	 * {@code kms_key_id}
	 * @param key the base64 of the key's 32 bytes
	 */
	record MasterKey(@NotBlank @Pattern(regexp = "[A-Za-z0-9_.:/-]{1,64}") String id, @NotBlank String key) {

		@Override
		public String toString() {
			return "MasterKey[id=" + this.id + ", key=(hidden)]";
		}

	}

}
