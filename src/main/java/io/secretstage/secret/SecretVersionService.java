package io.secretstage.secret;

import java.time.Instant;
import java.util.List;

import io.secretstage.crypto.EnvelopeCipher;
import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.web.VersionId;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, shows and lists the versions of secrets.
 */
@Service
class SecretVersionService {

	private final SecretRepository secrets;

	private final SecretVersionRepository versions;

	private final SecretStageRepository stages;

	private final SecretWrites writes;

	private final EnvelopeCipher cipher;

	SecretVersionService(SecretRepository secrets, SecretVersionRepository versions, SecretStageRepository stages,
			SecretWrites writes, EnvelopeCipher cipher) {
		this.secrets = secrets;
		this.versions = versions;
		this.stages = stages;
		this.writes = writes;
		this.cipher = cipher;
	}

	@Transactional
	VersionMetadata create(CallerIdentity caller, String projectId, String secretName, CreateVersionRequest request) {
		SecretValue value = SecretValue.of(request.secretString(), request.secretBinary());
		List<String> stageNames = StageRules.forNewVersion(request.versionStages());
		SecretWrites.Edit edit = SecretWrites.Edit.of(caller, "CreateSecretVersion");
		Instant expireTime = (request.expireTime() != null) ? Instant.ofEpochSecond(request.expireTime() / 1000) : null;
		if (expireTime != null && !expireTime.isAfter(edit.now())) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER,
					"The value of parameter expire_time is invalid: it must be later than now.");
		}
		Secret secret = this.writes.lock(projectId, secretName);
		SecretVersion version = this.writes.addVersion(edit, secret, value, stageNames, expireTime);
		return VersionMetadata.of(version, secretName, this.stages.findByKeySecretIdOrderByKeyName(secret.getId()));
	}

	/**
	 * Show a version with its value; {@code latest} is the newest version.
	 * @param projectId the project the secret is in
	 * @param secretName the secret's name
	 * @param versionId the version's id, or {@code latest}
	 * @return the version's value, opened, and metadata
	 */
	@Transactional(readOnly = true)
	VersionResponse show(String projectId, String secretName, String versionId) {
		Secret secret = find(projectId, secretName);
		SecretVersion version = (VersionId.LATEST.equals(versionId))
				? this.versions.findFirstByKeySecretIdOrderByNumberDesc(secret.getId()).orElse(null)
				: this.versions.findById(new SecretVersion.Key(secret.getId(), versionId)).orElse(null);
		if (version == null) {
			throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
		}
		byte[] plaintext = this.cipher.open(version.getSealed(),
				SecretVersion.sealContext(secret, version.getVersionId()));
		return VersionResponse.of(new SecretValue(version.getValueType(), plaintext),
				VersionMetadata.of(version, secretName, this.stages.findByKeySecretIdOrderByKeyName(secret.getId())));
	}

	/**
	 * List a secret's versions, oldest first, {@code limit} at a time after the version
	 * {@code marker}.
	 * @param projectId the project the secret is in
	 * @param secretName the secret's name
	 * @param marker the version to list after, or {@code null} to start at the first
	 * @param limit how many versions to list at most
	 * @return the versions' metadata and where the next page starts
	 */
	@Transactional(readOnly = true)
	VersionMetadata.Page list(String projectId, String secretName, @Nullable String marker, int limit) {
		Secret secret = find(projectId, secretName);
		long after = (marker != null) ? Long.parseLong(marker.substring(1)) : 0;
		List<SecretVersion> page = this.versions.findByKeySecretIdAndNumberGreaterThanOrderByNumber(secret.getId(),
				after, Limit.of(limit + 1));
		List<SecretVersion> shown = page.subList(0, Math.min(limit, page.size()));
		List<SecretStage> allStages = this.stages.findByKeySecretIdOrderByKeyName(secret.getId());
		String next = (page.size() > limit) ? shown.get(shown.size() - 1).getVersionId() : null;
		return new VersionMetadata.Page(
				shown.stream().map((version) -> VersionMetadata.of(version, secretName, allStages)).toList(),
				new VersionMetadata.PageInfo(shown.size(), next, marker));
	}

	private Secret find(String projectId, String secretName) {
		return this.secrets.findByProjectIdAndName(projectId, secretName)
			.orElseThrow(() -> new ApiException(ErrorCode.SECRET_NOT_FOUND));
	}

}
