package io.secretstage.secret;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A version's metadata, as CreateSecretVersion, ShowSecretVersion and ListSecretVersions
 * show it.
 *
 * @param id the version id
 * @param createTime when it was made, in epoch milliseconds
 * @param expireTime when it expires, in epoch milliseconds, or {@code null}
 * @param kmsKeyId the master key its value is sealed with
 * @param secretName the secret's name
 * @param versionStages the stages that point at it
 */
record VersionMetadata(String id, @JsonProperty("create_time") long createTime,
		@JsonProperty("expire_time") @Nullable Long expireTime, @JsonProperty("kms_key_id") String kmsKeyId,
		@JsonProperty("secret_name") String secretName, @JsonProperty("version_stages") List<String> versionStages) {

	static VersionMetadata of(SecretVersion version, String secretName, List<SecretStage> stages) {
		Instant expireTime = version.getExpireTime();
		List<String> names = stages.stream()
			.filter((stage) -> stage.getVersionId().equals(version.getVersionId()))
			.map(SecretStage::getName)
			.toList();
		return new VersionMetadata(version.getVersionId(), version.getCreateTime().toEpochMilli(),
				(expireTime != null) ? expireTime.toEpochMilli() : null, version.getKmsKeyId(), secretName, names);
	}

	/**
	 * The body of CreateSecretVersion: {@code {"version_metadata": {...}}}.
	 *
	 * @param versionMetadata the new version's metadata
	 */
	record Response(@JsonProperty("version_metadata") VersionMetadata versionMetadata) {

	}

	/**
	 * The body of ListSecretVersions.
	 *
	 * @param versionMetadatas this page's versions, oldest first
	 * @param pageInfo where this page is
	 */
	record Page(@JsonProperty("version_metadatas") List<VersionMetadata> versionMetadatas,
			@JsonProperty("page_info") PageInfo pageInfo) {

	}

	/**
	 * Paging: pass {@code next_marker} as {@code marker} for the next page.
	 *
	 * @param currentCount how many versions this page has
	 * @param nextMarker the marker of the next page, or {@code null} on the last
	 * @param previousMarker the marker this page was asked with, or {@code null} on the
	 * first
	 */
	record PageInfo(@JsonProperty("current_count") int currentCount,
			@JsonProperty("next_marker") @Nullable String nextMarker,
			@JsonProperty("previous_marker") @Nullable String previousMarker) {

	}

}
