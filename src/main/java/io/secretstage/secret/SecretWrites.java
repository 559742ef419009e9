package io.secretstage.secret;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.secretstage.audit.AuditLog;
import io.secretstage.crypto.EnvelopeCipher;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.system.ApiException;
import io.secretstage.system.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The steps every write is made of: lock the secret, add a version, move a stage. They
 * run in the caller's transaction, after {@link #lock} has taken the secret's row lock,
 * so concurrent writes to one secret happen one after the other and the limits (12
 * stages, 20 versions) and the gapless version ids hold whatever the interleaving.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class SecretWrites {

	static final String CURRENT = "SYSCURRENT";

	static final String PREVIOUS = "SYSPREVIOUS";

	static final int MAX_STAGES = 12;

	/** The stages a caller may make: the last two are kept for the built-in ones. */
	static final int MAX_OWN_STAGES = MAX_STAGES - 2;

	static final int MAX_VERSIONS = 20;

	private final SecretRepository secrets;

	private final SecretVersionRepository versions;

	private final SecretStageRepository stages;

	private final EnvelopeCipher cipher;

	private final AuditLog audit;

	private final StageCache cache;

	SecretWrites(SecretRepository secrets, SecretVersionRepository versions, SecretStageRepository stages,
			EnvelopeCipher cipher, AuditLog audit, StageCache cache) {
		this.cache = cache;
		this.secrets = secrets;
		this.versions = versions;
		this.stages = stages;
		this.cipher = cipher;
		this.audit = audit;
	}

	/**
	 * Find a secret and hold its row lock until the transaction ends.
	 * @throws ApiException 404 if there is no such secret
	 */
	Secret lock(String projectId, String name) {
		return this.secrets.findForUpdate(projectId, name)
			.orElseThrow(() -> new ApiException(ErrorCode.SECRET_NOT_FOUND));
	}

	/**
	 * Add the secret's next version and move the named stages to it ({@code SYSCURRENT}
	 * when none are named). When the secret then has more than 20 versions, its oldest
	 * version that no stage points at is deleted.
	 */
	SecretVersion addVersion(Edit edit, Secret secret, SecretValue value, List<String> stageNames,
			@Nullable Instant expireTime) {
		long number = this.versions.findFirstByKeySecretIdOrderByNumberDesc(secret.getId())
			.map(SecretVersion::getNumber)
			.orElse(0L) + 1;
		String versionId = SecretVersion.versionId(number);
		EnvelopeCipher.Sealed sealed = this.cipher.seal(value.bytes(), sealContext(secret, versionId),
				secret.getKmsKeyId());
		SecretVersion version = this.versions
			.save(new SecretVersion(secret.getId(), number, value.type(), sealed, edit.now(), expireTime));
		record(edit, secret, versionId, null, null);
		for (String stageName : stageNames.isEmpty() ? List.of(CURRENT) : stageNames) {
			moveStage(edit, secret, stageName, versionId);
		}
		if (this.versions.countByKeySecretId(secret.getId()) > MAX_VERSIONS) {
			this.versions.deleteOldestUnstaged(secret.getId());
		}
		secret.touch(edit.now());
		return version;
	}

	/**
	 * Point a stage at a version of the secret, making the stage if it is new. Moving
	 * {@code SYSCURRENT} to another version moves {@code SYSPREVIOUS} to the version that
	 * held it; {@code SYSPREVIOUS} never points where {@code SYSCURRENT} does.
	 * @throws ApiException 400 {@code CSMS.0203} for an eleventh stage of the caller's
	 * own (the last two of the twelve are kept for {@code SYSCURRENT} and
	 * {@code SYSPREVIOUS}, so a rotation always has room), 400 {@code CSMS.0002} for
	 * {@code SYSPREVIOUS} at the version of {@code SYSCURRENT}
	 */
	void moveStage(Edit edit, Secret secret, String stageName, String versionId) {
		List<SecretStage> all = new ArrayList<>(this.stages.findByKeySecretIdOrderByKeyName(secret.getId()));
		SecretStage current = find(all, CURRENT);
		if (CURRENT.equals(stageName) && current != null && !current.getVersionId().equals(versionId)) {
			point(edit, secret, all, PREVIOUS, current.getVersionId());
		}
		if (PREVIOUS.equals(stageName) && current != null && current.getVersionId().equals(versionId)) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER,
					"The value of parameter version_id is invalid: SYSPREVIOUS cannot point at the version of SYSCURRENT.");
		}
		point(edit, secret, all, stageName, versionId);
		secret.touch(edit.now());
	}

	/**
	 * Delete a stage that is not built in.
	 */
	void deleteStage(Edit edit, Secret secret, SecretStage stage) {
		this.stages.delete(stage);
		this.audit.record(edit.caller(), secret.getProjectId(),
				new AuditLog.Change(edit.operation(), secret.getName(), null, stage.getName(), stage.getVersionId()),
				edit.now());
		secret.touch(edit.now());
	}

	/**
	 * Record that a secret, with its versions and stages, is being deleted.
	 */
	void recordDeletion(Edit edit, Secret secret) {
		record(edit, secret, null, null, null);
	}

	/**
	 * What a version's value is bound to (context {@value SecretVersion#SEAL_CONTEXT}): a
	 * ciphertext copied to another project, secret or version, or restored under a secret
	 * re-created with the same name, does not decrypt.
	 */
	static byte[] sealContext(Secret secret, String versionId) {
		return sealContext(secret.getProjectId(), secret.getName(), secret.getPublicId(), versionId);
	}

	static byte[] sealContext(String projectId, String secretName, UUID publicId, String versionId) {
		return String.join("\u0000", "csms-secret-version-2", projectId, secretName, publicId.toString(), versionId)
			.getBytes(StandardCharsets.UTF_8);
	}

	static boolean isBuiltIn(String stageName) {
		return CURRENT.equals(stageName) || PREVIOUS.equals(stageName);
	}

	static @Nullable SecretStage find(List<SecretStage> stages, String name) {
		return stages.stream().filter((stage) -> stage.getName().equals(name)).findFirst().orElse(null);
	}

	private void point(Edit edit, Secret secret, List<SecretStage> all, String stageName, String versionId) {
		SecretStage stage = find(all, stageName);
		String from = null;
		if (stage == null) {
			if (!isBuiltIn(stageName)
					&& all.stream().filter((other) -> !isBuiltIn(other.getName())).count() >= MAX_OWN_STAGES) {
				throw new ApiException(ErrorCode.STAGE_LIMIT);
			}
			all.add(this.stages.save(new SecretStage(secret.getId(), stageName, versionId, edit.now())));
		}
		else {
			from = stage.getVersionId();
			stage.pointAt(versionId, edit.now());
		}
		record(edit, secret, versionId, stageName, from);
	}

	/**
	 * Every change is audited, and drops its secret from this instance's stage cache once
	 * committed, so this instance reads its own writes at once (other instances learn of
	 * it from the database's notice).
	 */
	private void record(Edit edit, Secret secret, @Nullable String versionId, @Nullable String stageName,
			@Nullable String fromVersionId) {
		this.audit.record(edit.caller(), secret.getProjectId(),
				new AuditLog.Change(edit.operation(), secret.getName(), versionId, stageName, fromVersionId),
				edit.now());
		String projectId = secret.getProjectId();
		String name = secret.getName();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				SecretWrites.this.cache.evict(projectId, name);
			}

		});
	}

	/**
	 * One write operation: who makes it, which API operation it is, and its time (whole
	 * seconds, as the API shows times).
	 */
	record Edit(CallerIdentity caller, String operation, Instant now) {

		static Edit of(CallerIdentity caller, String operation) {
			return new Edit(caller, operation, Instant.now().truncatedTo(ChronoUnit.SECONDS));
		}

	}

}
