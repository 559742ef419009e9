package io.secretstage.secret;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What a backup blob holds, as UTF-8 JSON inside its encryption: a secret's metadata,
 * every version with its value, every stage, its tags, and when it was exported. Never
 * shown nor logged.
 *
 * @param id the secret's id, which it gets back
 * @param name its name
 * @param description its description
 * @param kmsKeyId the master key chosen for its versions, or {@code null} when they use
 * the primary
 * @param secretType its type, {@code COMMON}
 * @param enterpriseProjectId its enterprise project
 * @param eventSubscriptions the events it is subscribed to
 * @param createTime when it was made, in epoch milliseconds
 * @param versions every version, oldest first
 * @param stages every stage
 * @param tags every tag
 * @param exportTime when the backup was made, in epoch milliseconds
 */
record SecretBackup(String id, String name, String description, @JsonProperty("kms_key_id") @Nullable String kmsKeyId,
		@JsonProperty("secret_type") String secretType,
		@JsonProperty("enterprise_project_id") String enterpriseProjectId,
		@JsonProperty("event_subscriptions") List<String> eventSubscriptions,
		@JsonProperty("create_time") long createTime, List<Version> versions, List<Stage> stages, List<Tag> tags,
		@JsonProperty("export_time") long exportTime) {

	@Override
	public String toString() {
		return "SecretBackup[id=" + this.id + ", name=" + this.name + ", versions=" + this.versions.size() + "]";
	}

	/**
	 * A version with its value. The value is base64 whether it is text or binary: with
	 * every byte at most 4/3 of a character, the largest secret (20 versions of 32,768
	 * characters of 4 UTF-8 bytes each) makes a blob under the contract's 5,242,880
	 * characters, which JSON's escapes of control characters (6 characters each) would
	 * not.
	 *
	 * @param id the version's id, such as {@code v3}
	 * @param type {@code text} or {@code binary}
	 * @param value the value's bytes (UTF-8 for text), base64
	 * @param createTime when it was made, in epoch milliseconds
	 * @param expireTime when it expires, in epoch milliseconds, or {@code null}
	 */
	record Version(String id, String type, String value, @JsonProperty("create_time") long createTime,
			@JsonProperty("expire_time") @Nullable Long expireTime) {

		static Version of(SecretVersion version, SecretValue value) {
			Instant expireTime = version.getExpireTime();
			return new Version(version.getVersionId(), value.type().column(),
					Base64.getEncoder().encodeToString(value.bytes()), version.getCreateTime().toEpochMilli(),
					(expireTime != null) ? expireTime.toEpochMilli() : null);
		}

		long number() {
			return Long.parseLong(this.id.substring(1));
		}

		SecretValue secretValue() {
			return new SecretValue(SecretValue.Type.ofColumn(this.type), Base64.getDecoder().decode(this.value));
		}

		@Override
		public String toString() {
			return "SecretBackup.Version[id=" + this.id + ", value=(hidden)]";
		}

	}

	/**
	 * A stage.
	 *
	 * @param name its name
	 * @param versionId the version it points at
	 * @param updateTime when it was last set, in epoch milliseconds
	 */
	record Stage(String name, @JsonProperty("version_id") String versionId,
			@JsonProperty("update_time") long updateTime) {

		static Stage of(SecretStage stage) {
			return new Stage(stage.getName(), stage.getVersionId(), stage.getUpdateTime().toEpochMilli());
		}

	}

	/**
	 * A tag.
	 *
	 * @param key its key
	 * @param value its value
	 */
	record Tag(String key, String value) {

	}

}
