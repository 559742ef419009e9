package io.secretstage.secret;

import java.time.Clock;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.stagecache.CachedSecret;
import io.secretstage.stagecache.StageCache;
import io.secretstage.stagecache.StageView;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Resolves, sets and deletes the stages of secrets.
 */
@Service
class SecretStageService {

	private final SecretRepository secrets;

	private final SecretVersionRepository versions;

	private final SecretWrites writes;

	private final StageCache cache;

	private final Clock clock;

	SecretStageService(SecretRepository secrets, SecretVersionRepository versions, SecretWrites writes,
			StageCache cache, Clock clock) {
		this.secrets = secrets;
		this.versions = versions;
		this.writes = writes;
		this.cache = cache;
		this.clock = clock;
	}

	/**
	 * The version a stage points at: from the cache, or else with one SQL statement that
	 * reads the secret with all its stages. Without a transaction: the one statement is
	 * consistent on its own, and a read that the cache answers needs no connection. A
	 * secret pending deletion answers as usual until its deletion time, and is gone from
	 * then on, from the cache too, before the purge deletes it.
	 * @param projectId the project the secret is in
	 * @param secretName the secret's name
	 * @param stageName the stage's name
	 * @return the stage and the version it points at
	 */
	StageView find(String projectId, String secretName, String stageName) {
		CachedSecret secret = this.cache.lookup(projectId, secretName,
				() -> this.secrets.findStages(projectId, secretName));
		if (!secret.existsAt(this.clock.millis())) {
			throw new ApiException(ErrorCode.SECRET_NOT_FOUND);
		}
		StageView stage = secret.stage(stageName);
		if (stage == null) {
			throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
		}
		return stage;
	}

	/**
	 * Point a stage at a version, making the stage if it is new.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param secretName the secret's name
	 * @param stageName the stage's name
	 * @param versionId the version to point it at, which must exist
	 * @return the stage as moved
	 */
	@Transactional
	StageView update(CallerIdentity caller, String projectId, String secretName, String stageName, String versionId) {
		SecretWrites.Edit edit = this.writes.edit(caller, "UpdateSecretStage");
		Secret secret = this.writes.lock(edit, projectId, secretName);
		if (this.versions.findById(new SecretVersion.Key(secret.getId(), versionId)).isEmpty()) {
			throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
		}
		secret.requireEnabled();
		this.writes.moveStage(edit, secret, stageName, versionId);
		return new StageView(stageName, versionId, edit.now().toEpochMilli(), secretName);
	}

	/**
	 * Delete a stage; the built-in ones cannot be deleted.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param secretName the secret's name
	 * @param stageName the stage's name
	 */
	@Transactional
	void delete(CallerIdentity caller, String projectId, String secretName, String stageName) {
		StageRules.checkDeletable(stageName);
		SecretWrites.Edit edit = this.writes.edit(caller, "DeleteSecretStage");
		Secret secret = this.writes.lock(edit, projectId, secretName);
		this.writes.deleteStage(edit, secret, stageName);
	}

	/**
	 * Once a change to a secret is committed, this instance reads it at once; other
	 * instances learn of it from the database's announcement.
	 * @param change the secret that changed
	 */
	@TransactionalEventListener
	void evict(SecretChanged change) {
		this.cache.evict(change.projectId(), change.secretName());
	}

}
