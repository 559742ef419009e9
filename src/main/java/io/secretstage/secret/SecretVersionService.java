package io.secretstage.secret;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

	private final Clock clock;

	SecretVersionService(SecretRepository secrets, SecretVersionRepository versions, SecretStageRepository stages,
			SecretWrites writes, EnvelopeCipher cipher, Clock clock) {
		this.secrets = secrets;
		this.versions = versions;
		this.stages = stages;
		this.writes = writes;
		this.cipher = cipher;
		this.clock = clock;
	}

	@Transactional
	VersionMetadata create(CallerIdentity caller, String projectId, String secretName, CreateVersionRequest request) {
		SecretValue value = SecretValue.of(request.secretString(), request.secretBinary());
		List<String> stageNames = StageRules.forNewVersion(request.versionStages());
		SecretWrites.Edit edit = this.writes.edit(caller, "CreateSecretVersion");
		Instant expireTime = (request.expireTime() != null) ? futureExpireTime(request.expireTime(), edit) : null;
		Secret secret = this.writes.lock(edit, projectId, secretName);
		secret.requireEnabled();
		SecretVersion version = this.writes.addVersion(edit, secret, value, stageNames, expireTime);
		return VersionMetadata.of(version, secretName, this.stages.findByKeySecretIdOrderByKeyName(secret.getId()));
	}

	/**
	 * Set when a version expires.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param secretName the secret's name
	 * @param versionId the version's id, or {@code latest}
	 * @param expireTime when it expires, in epoch milliseconds, later than now
	 * @return the version's metadata
	 */
	@Transactional
	VersionMetadata update(CallerIdentity caller, String projectId, String secretName, String versionId,
			long expireTime) {
		SecretWrites.Edit edit = this.writes.edit(caller, "UpdateVersion");
		Instant expiry = futureExpireTime(expireTime, edit);
		Secret secret = this.writes.lock(edit, projectId, secretName);
		SecretVersion version = version(secret, versionId);
		secret.requireEnabled();
		this.writes.expire(edit, secret, version, expiry);
		return VersionMetadata.of(version, secretName, this.stages.findByKeySecretIdOrderByKeyName(secret.getId()));
	}

	/**
	 * Show a version with its value; {@code latest} is the newest version.
	 * @param projectId the project the secret is in
	 * @param secretName the secret's name
	 * @param versionId the version's id, or {@code latest}
	 * @return the version's value, opened, and metadata
	 * @throws ApiException 400 {@code CSMS.0103} if the secret is pending deletion: its
	 * values cannot be used
	 */
	@Transactional(readOnly = true)
	VersionResponse show(String projectId, String secretName, String versionId) {
		Secret secret = this.secrets.findPresent(projectId, secretName, this.clock.instant());
		if (secret.isPendingDeletion()) {
			throw new ApiException(ErrorCode.SECRET_UNUSABLE);
		}
		SecretVersion version = version(secret, versionId);
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
		Secret secret = this.secrets.findPresent(projectId, secretName, this.clock.instant());
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

	private SecretVersion version(Secret secret, String versionId) {
		Optional<SecretVersion> version = (VersionId.LATEST.equals(versionId))
				? this.versions.findFirstByKeySecretIdOrderByNumberDesc(secret.getId())
				: this.versions.findById(new SecretVersion.Key(secret.getId(), versionId));
		return version.orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_NOT_FOUND));
	}

	/**
	 * An expiry as the API takes it: in epoch milliseconds, kept to whole seconds, and
	 * later than now.
	 * @param expireTime the expiry asked for
	 * @param edit the write, whose time is now
	 * @return the expiry
	 * @throws ApiException 400 if it is not later than now
	 */
	private static Instant futureExpireTime(long expireTime, SecretWrites.Edit edit) {
		Instant expiry = Instant.ofEpochSecond(expireTime / 1000);
		if (!expiry.isAfter(edit.now())) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER,
					"The value of parameter expire_time is invalid: it must be later than now.");
		}
		return expiry;
	}

}
