package io.secretstage.secret;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.secretstage.crypto.BlobCipher;
import io.secretstage.crypto.EnvelopeCipher;
import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.CallerIdentity;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * DownloadSecretBlob and UploadSecretBlob: a secret with all its versions, stages and
 * tags taken out as a {@link BlobCipher} blob ({@link SecretBackup} inside), and put back
 * from one, in its project, where the blob's master key is held.
 */
@Service
class SecretBackupService {

	private final SecretRepository secrets;

	private final SecretVersionRepository versions;

	private final SecretStageRepository stages;

	private final SecretWrites writes;

	private final EnvelopeCipher cipher;

	private final BlobCipher blobs;

	private final JsonMapper json;

	private final SecretTagRepository tags;

	SecretBackupService(SecretRepository secrets, SecretVersionRepository versions, SecretStageRepository stages,
			SecretTagRepository tags, SecretWrites writes, EnvelopeCipher cipher, BlobCipher blobs, JsonMapper json) {
		this.secrets = secrets;
		this.versions = versions;
		this.stages = stages;
		this.tags = tags;
		this.writes = writes;
		this.cipher = cipher;
		this.blobs = blobs;
		this.json = json;
	}

	/**
	 * Back a secret up, one pending deletion too (a last backup before the purge is the
	 * point of the window). Audited. Read in one snapshot of the database (repeatable
	 * read), so the stages always point at versions the blob holds, without holding up
	 * the secret's writers.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 * @return the blob
	 */
	@Transactional(isolation = Isolation.REPEATABLE_READ)
	SecretBlobResponse download(CallerIdentity caller, String projectId, String name) {
		SecretWrites.Edit edit = this.writes.edit(caller, "DownloadSecretBlob");
		Secret secret = this.secrets.findPresent(projectId, name, edit.now());
		List<SecretBackup.Version> versions = this.versions.findByKeySecretIdOrderByNumber(secret.getId())
			.stream()
			.map((version) -> SecretBackup.Version.of(version, value(secret, version)))
			.toList();
		List<SecretBackup.Stage> stages = this.stages.findByKeySecretIdOrderByKeyName(secret.getId())
			.stream()
			.map(SecretBackup.Stage::of)
			.toList();
		SecretBackup backup = new SecretBackup(secret.getPublicId().toString(), secret.getName(),
				secret.getDescription(), secret.getKmsKeyId(), secret.getSecretType(), secret.getEnterpriseProjectId(),
				List.of(), secret.getCreateTime().toEpochMilli(), versions, stages, readTags(secret),
				edit.now().toEpochMilli());
		// Audited as a write is: a blob carries every value of the secret.
		this.writes.recordChange(edit, secret);
		byte[] content = this.json.writeValueAsBytes(backup);
		try {
			return new SecretBlobResponse(this.blobs.seal(content, projectId));
		}
		finally {
			Arrays.fill(content, (byte) 0);
		}
	}

	/**
	 * Restore a secret from a blob, in one transaction: with the id and creation time it
	 * had, {@code ENABLED}, changed now, with every version (sealed again under the
	 * primary master key), stage and tag; audited. Event subscriptions are not restored:
	 * no event exists yet for one to come back to.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project to restore it in, the one it was backed up in
	 * @param blob the blob
	 * @return the secret's metadata
	 * @throws ApiException 400 {@code CSMS.0905} if the blob does not open here, 400
	 * {@code CSMS.0107} if a secret pending deletion holds the name, 409
	 * {@code CSMS.0409} if another secret does
	 */
	@Transactional
	SecretResponse upload(CallerIdentity caller, String projectId, String blob) {
		SecretBackup backup = read(projectId, blob);
		SecretWrites.Edit edit = this.writes.edit(caller, "UploadSecretBlob");
		Secret secret = this.writes.insert(edit,
				Secret.restored(UUID.fromString(backup.id()), projectId, backup.name(), backup.description(),
						heldKey(backup.kmsKeyId()), backup.enterpriseProjectId(),
						Instant.ofEpochMilli(backup.createTime()), edit.now()));
		for (SecretBackup.Version version : backup.versions()) {
			Long expireTime = version.expireTime();
			this.writes.restoreVersion(edit, secret, version.number(), version.secretValue(),
					Instant.ofEpochMilli(version.createTime()),
					(expireTime != null) ? Instant.ofEpochMilli(expireTime) : null);
		}
		for (SecretBackup.Stage stage : backup.stages()) {
			this.writes.restoreStage(edit, secret, stage.name(), stage.versionId(),
					Instant.ofEpochMilli(stage.updateTime()));
		}
		writeTags(secret, backup.tags());
		String chosen = secret.getKmsKeyId();
		return SecretResponse.of(secret, (chosen != null) ? chosen : this.cipher.primaryKeyId());
	}

	private SecretValue value(Secret secret, SecretVersion version) {
		return new SecretValue(version.getValueType(),
				this.cipher.open(version.getSealed(), SecretVersion.sealContext(secret, version.getVersionId())));
	}

	/**
	 * The backup a blob holds.
	 * @param projectId the project it is opened in
	 * @param blob the blob
	 * @return the backup
	 * @throws ApiException 400 {@code CSMS.0905} if it does not open here, or holds no
	 * backup
	 */
	private SecretBackup read(String projectId, String blob) {
		byte[] content = this.blobs.open(blob, projectId);
		try {
			return this.json.readValue(content, SecretBackup.class);
		}
		catch (JacksonException ex) {
			// Sealed by a master key held here, but not a backup of this format: refused
			// as any other blob that cannot be read, and never logged.
			throw new ApiException(ErrorCode.INVALID_BLOB);
		}
		finally {
			Arrays.fill(content, (byte) 0);
		}
	}

	/**
	 * The master key a backup's secret had chosen, if it is held here; otherwise its
	 * versions use the primary (a deployment that restores it need not hold every key).
	 * @param kmsKeyId the key the secret had chosen, or {@code null}
	 * @return that key, or {@code null} for the primary
	 */
	private @Nullable String heldKey(@Nullable String kmsKeyId) {
		return (kmsKeyId != null && this.cipher.hasKey(kmsKeyId)) ? kmsKeyId : null;
	}

	/**
	 * The tags of a secret, for its backup.
	 * @param secret the secret
	 * @return its tags
	 */
	private List<SecretBackup.Tag> readTags(Secret secret) {
		return this.tags.findByKeySecretIdOrderByKeyTagKey(secret.getId())
			.stream()
			.map((tag) -> new SecretBackup.Tag(tag.getKey(), tag.getValue()))
			.toList();
	}

	/**
	 * Give a restored secret the tags of its backup, in the restore's transaction.
	 * @param secret the secret, just inserted
	 * @param tags the tags of its backup
	 */
	private void writeTags(Secret secret, List<SecretBackup.Tag> tags) {
		// A blob opens only as this service sealed it: its tags kept the rules.
		tags.forEach((tag) -> this.tags.save(new SecretTag(secret, tag.key(), tag.value())));
	}

}
