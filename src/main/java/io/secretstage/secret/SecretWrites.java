package io.secretstage.secret;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.secretstage.audit.AuditLog;
import io.secretstage.crypto.EnvelopeCipher;
import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.web.SecretId;
import org.hibernate.exception.ConstraintViolationException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps every write is made of: lock the secret, add a version, move a stage, each
 * audited. They run in the caller's transaction, after {@link #lock} has taken the
 * secret's row lock, so concurrent writes to one secret happen one after the other and
 * the limits ({@link StageRules}, 20 versions) and the gapless version ids hold whatever
 * the interleaving. Each write publishes one {@link SecretChanged}.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class SecretWrites {

	static final int MAX_VERSIONS = 20;

	/**
	 * Who purges the secrets whose deletion time has come, as the audit trail records it:
	 * the service itself.
	 */
	static final CallerIdentity PURGER = new CallerIdentity("csms-purge", "csms-purge", null, Set.of(), null);

	private final SecretRepository secrets;

	private final SecretVersionRepository versions;

	private final SecretStageRepository stages;

	private final EnvelopeCipher cipher;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	SecretWrites(SecretRepository secrets, SecretVersionRepository versions, SecretStageRepository stages,
			EnvelopeCipher cipher, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
		this.secrets = secrets;
		this.versions = versions;
		this.stages = stages;
		this.cipher = cipher;
		this.audit = audit;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Start a write: who makes it, which operation it is, and now, in whole seconds.
	 * @param caller who makes it
	 * @param operation the API operation, as the audit trail records it
	 * @return the write
	 */
	Edit edit(CallerIdentity caller, String operation) {
		return new Edit(caller, operation, this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
	}

	/**
	 * Find a secret to change and hold its row lock until the transaction ends. A secret
	 * whose scheduled deletion time has come is gone, purged or not.
	 * @param edit the write it is for
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 * @return the secret, locked
	 * @throws ApiException 404 if there is no such secret
	 */
	Secret lock(Edit edit, String projectId, String name) {
		Secret secret = this.secrets.findForUpdate(projectId, name)
			.filter((found) -> !found.isGoneAt(edit.now()))
			.orElseThrow(() -> new ApiException(ErrorCode.SECRET_NOT_FOUND));
		this.events.publishEvent(new SecretChanged(projectId, name));
		return secret;
	}

	/**
	 * Find a secret to change by its id and hold its row lock until the transaction ends;
	 * another project's secret is not found. The stage cache is not told: nothing it
	 * holds changes through this lock (tags).
	 * @param edit the write it is for
	 * @param projectId the project the secret must be in
	 * @param id the secret's id
	 * @return the secret, locked
	 * @throws ApiException 404 if the project has no such secret
	 */
	Secret lock(Edit edit, String projectId, SecretId id) {
		return id.uuid()
			.flatMap((uuid) -> this.secrets.findForUpdateById(projectId, uuid))
			.filter((found) -> !found.isGoneAt(edit.now()))
			.orElseThrow(() -> new ApiException(ErrorCode.SECRET_NOT_FOUND));
	}

	/**
	 * Insert a new secret under a free name; its versions follow. A secret of that name
	 * whose deletion time has come is purged first: the name is free from that time on.
	 * @param edit the write it is part of
	 * @param secret the new secret, not yet saved
	 * @return the saved secret, with its id
	 * @throws ApiException 409 {@code CSMS.0409} if the project has a secret of that
	 * name, 400 {@code CSMS.0107} if a secret pending deletion holds the name
	 */
	Secret insert(Edit edit, Secret secret) {
		Optional<Secret> holder = this.secrets.findForUpdate(secret.getProjectId(), secret.getName());
		if (holder.isPresent()) {
			Secret held = holder.get();
			if (!held.isGoneAt(edit.now())) {
				throw new ApiException(
						held.isPendingDeletion() ? ErrorCode.SECRET_PENDING_DELETION : ErrorCode.SECRET_EXISTS);
			}
			purge(held, edit.now());
		}
		Secret saved;
		try {
			saved = this.secrets.saveAndFlush(secret);
		}
		catch (DataIntegrityViolationException ex) {
			if (!isTaken(ex)) {
				throw ex;
			}
			// Another request made it since the check above.
			throw new ApiException(ErrorCode.SECRET_EXISTS);
		}
		this.events.publishEvent(new SecretChanged(saved.getProjectId(), saved.getName()));
		return saved;
	}

	/**
	 * Add the secret's next version and move the stages to it (see
	 * {@link StageRules#forNewVersion}). When the secret then has more than 20 versions,
	 * its oldest version that no stage points at is deleted.
	 * @param edit the write it is part of
	 * @param secret the secret, locked or just inserted
	 * @param value the version's value, sealed before it is stored
	 * @param stageNames the stages to point at the new version
	 * @param expireTime when the version expires, or {@code null} for never
	 * @return the new version
	 */
	SecretVersion addVersion(Edit edit, Secret secret, SecretValue value, List<String> stageNames,
			@Nullable Instant expireTime) {
		long number = this.versions.findFirstByKeySecretIdOrderByNumberDesc(secret.getId())
			.map(SecretVersion::getNumber)
			.orElse(0L) + 1;
		String versionId = SecretVersion.versionId(number);
		EnvelopeCipher.Sealed sealed = this.cipher.seal(value.bytes(), SecretVersion.sealContext(secret, versionId),
				secret.getKmsKeyId());
		SecretVersion version = this.versions
			.save(new SecretVersion(secret.getId(), number, value.type(), sealed, edit.now(), expireTime));
		record(edit, secret, versionId, null, null);
		for (String stageName : stageNames) {
			moveStage(edit, secret, stageName, versionId);
		}
		if (this.versions.countByKeySecretId(secret.getId()) > MAX_VERSIONS) {
			this.versions.deleteOldestUnstaged(secret.getId());
		}
		secret.touch(edit.now());
		return version;
	}

	/**
	 * Add a version as a backup holds it, with its id and times, its value sealed again
	 * under the primary master key. The stages follow with {@link #restoreStage}.
	 * @param edit the restore
	 * @param secret the secret, just inserted
	 * @param number the version's number, {@code 3} for {@code v3}
	 * @param value its value
	 * @param createTime when it was made
	 * @param expireTime when it expires, or {@code null} for never
	 */
	void restoreVersion(Edit edit, Secret secret, long number, SecretValue value, Instant createTime,
			@Nullable Instant expireTime) {
		String versionId = SecretVersion.versionId(number);
		EnvelopeCipher.Sealed sealed = this.cipher.seal(value.bytes(), SecretVersion.sealContext(secret, versionId),
				null);
		this.versions.save(new SecretVersion(secret.getId(), number, value.type(), sealed, createTime, expireTime));
		record(edit, secret, versionId, null, null);
	}

	/**
	 * Add a stage as a backup holds it, after the version it points at.
	 * @param edit the restore
	 * @param secret the secret, just inserted
	 * @param stageName the stage
	 * @param versionId the version it points at
	 * @param updateTime when it was last set
	 */
	void restoreStage(Edit edit, Secret secret, String stageName, String versionId, Instant updateTime) {
		this.stages.save(new SecretStage(secret.getId(), stageName, versionId, updateTime));
		record(edit, secret, versionId, stageName, null);
	}

	/**
	 * Point a stage at a version of the secret, making the stage if it is new, as
	 * {@link StageRules#moves} says.
	 * @param edit the write it is part of
	 * @param secret the secret, locked
	 * @param stageName the stage to move
	 * @param versionId the version to point it at
	 */
	void moveStage(Edit edit, Secret secret, String stageName, String versionId) {
		Map<String, SecretStage> all = new HashMap<>();
		Map<String, String> pointing = new HashMap<>();
		for (SecretStage stage : this.stages.findByKeySecretIdOrderByKeyName(secret.getId())) {
			all.put(stage.getName(), stage);
			pointing.put(stage.getName(), stage.getVersionId());
		}
		for (StageRules.Move move : StageRules.moves(pointing, stageName, versionId)) {
			SecretStage stage = all.get(move.stageName());
			String from = null;
			if (stage == null) {
				this.stages.save(new SecretStage(secret.getId(), move.stageName(), move.versionId(), edit.now()));
			}
			else {
				from = stage.getVersionId();
				stage.pointAt(move.versionId(), edit.now());
			}
			record(edit, secret, move.versionId(), move.stageName(), from);
		}
		secret.touch(edit.now());
	}

	/**
	 * Delete a stage ({@link StageRules#checkDeletable} first).
	 * @param edit the write it is part of
	 * @param secret the secret, locked
	 * @param stageName the stage to delete
	 * @throws ApiException 404 if the secret has no such stage, 403 if it is pending
	 * deletion
	 */
	void deleteStage(Edit edit, Secret secret, String stageName) {
		SecretStage stage = this.stages.findById(new SecretStage.Key(secret.getId(), stageName))
			.orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_NOT_FOUND));
		secret.requireEnabled();
		this.stages.delete(stage);
		record(edit, secret, null, stageName, stage.getVersionId());
		secret.touch(edit.now());
	}

	/**
	 * Record a change to the secret itself, not to a version or a stage.
	 * @param edit the change
	 * @param secret the secret, locked
	 */
	void recordChange(Edit edit, Secret secret) {
		record(edit, secret, null, null, null);
	}

	/**
	 * Set a version's expiry.
	 * @param edit the write it is part of
	 * @param secret the secret, locked
	 * @param version the version
	 * @param expireTime when it expires
	 */
	void expire(Edit edit, Secret secret, SecretVersion version, Instant expireTime) {
		version.expireAt(expireTime);
		record(edit, secret, version.getVersionId(), null, null);
	}

	/**
	 * Delete a secret, with its versions and stages, at once (not when the transaction is
	 * flushed), so that its name can be taken again in the same transaction.
	 * @param edit the deletion, or the purge
	 * @param secret the secret, locked
	 */
	void delete(Edit edit, Secret secret) {
		record(edit, secret, null, null, null);
		this.secrets.deleteNow(secret.getId());
		this.events.publishEvent(new SecretChanged(secret.getProjectId(), secret.getName()));
	}

	/**
	 * Purge a secret whose deletion time has come, as {@link #PURGER}.
	 * @param secret the secret, locked
	 * @param now the time
	 */
	void purge(Secret secret, Instant now) {
		delete(new Edit(PURGER, "PurgeSecret", now), secret);
	}

	/**
	 * Whether a failed insert broke a constraint that means the secret is there already:
	 * its name in the project, or its id (a restored secret, restored twice at once).
	 * @param ex what the insert threw
	 * @return whether the secret is taken
	 */
	private static boolean isTaken(DataIntegrityViolationException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConstraintViolationException violation) {
				return "secret_name_unique_in_project".equals(violation.getConstraintName())
						|| "secret_public_id_unique".equals(violation.getConstraintName());
			}
		}
		return false;
	}

	private void record(Edit edit, Secret secret, @Nullable String versionId, @Nullable String stageName,
			@Nullable String fromVersionId) {
		this.audit.record(edit.caller(), secret.getProjectId(),
				new AuditLog.Change(edit.operation(), secret.getName(), versionId, stageName, fromVersionId),
				edit.now());
	}

	/**
	 * One write operation: who makes it, which API operation it is, and its time (whole
	 * seconds, as the API shows times).
	 *
	 * @param caller who makes it
	 * @param operation the API operation, such as {@code UpdateSecretStage}, as the audit
	 * trail records it
	 * @param now when it is made, in whole seconds
	 */
	record Edit(CallerIdentity caller, String operation, Instant now) {

	}

}
