package io.secretstage.secret;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of CreateSecret and ShowSecret: {@code {"secret": {...}}}, metadata only.
 *
 * @param secret the secret
 */
record SecretResponse(Details secret) {

	static SecretResponse of(Secret secret, String kmsKeyId) {
		return new SecretResponse(new Details(secret.getPublicId().toString(), secret.getName(), secret.getState(),
				kmsKeyId, secret.getDescription(), secret.getCreateTime().toEpochMilli(),
				secret.getUpdateTime().toEpochMilli(), null, secret.getSecretType()));
	}

	/**
	 * A secret's metadata.
	 *
	 * @param id the secret's id
	 * @param name its name
	 * @param state always {@code ENABLED} here
	 * @param kmsKeyId the master key its versions are sealed with
	 * @param description what it is for
	 * @param createTime when it was made, in epoch milliseconds
	 * @param updateTime when it last changed, in epoch milliseconds
	 * @param scheduledDeleteTime when it is to be deleted; always {@code null} here
	 * @param secretType always {@code COMMON}
	 */
	record Details(String id, String name, String state, @JsonProperty("kms_key_id") String kmsKeyId,
			String description, @JsonProperty("create_time") long createTime,
			@JsonProperty("update_time") long updateTime,
			@JsonProperty("scheduled_delete_time") @Nullable Long scheduledDeleteTime,
			@JsonProperty("secret_type") String secretType) {

	}

}
