package io.secretstage.secret;

import io.secretstage.identity.CallerIdentity;
import io.secretstage.system.ApiException;
import io.secretstage.system.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Resolves, sets and deletes the stages of secrets.
 */
@Service
class SecretStageService {

	private final SecretRepository secrets;

	private final SecretVersionRepository versions;

	private final SecretStageRepository stages;

	private final SecretWrites writes;

	private final StageCache cache;

	SecretStageService(SecretRepository secrets, SecretVersionRepository versions, SecretStageRepository stages,
			SecretWrites writes, StageCache cache) {
		this.secrets = secrets;
		this.versions = versions;
		this.stages = stages;
		this.writes = writes;
		this.cache = cache;
	}

	/**
	 * The version a stage points at: from the cache, or else with one SQL statement that
	 * reads the secret with all its stages. Without a transaction: the one statement is
	 * consistent on its own, and a read that the cache answers needs no connection.
	 */
	Stage find(String projectId, String secretName, String stageName) {
		SecretStages secret = this.cache.get(projectId, secretName,
				() -> SecretStages.of(this.secrets.findStages(projectId, secretName)));
		if (!secret.exists()) {
			throw new ApiException(ErrorCode.SECRET_NOT_FOUND);
		}
		Stage stage = secret.stage(stageName);
		if (stage == null) {
			throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
		}
		return stage;
	}

	/**
	 * Point a stage at a version, making the stage if it is new.
	 */
	@Transactional
	Stage update(CallerIdentity caller, String projectId, String secretName, String stageName, String versionId) {
		Secret secret = this.writes.lock(projectId, secretName);
		if (this.versions.findById(new SecretVersion.Key(secret.getId(), versionId)).isEmpty()) {
			throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
		}
		SecretWrites.Edit edit = SecretWrites.Edit.of(caller, "UpdateSecretStage");
		this.writes.moveStage(edit, secret, stageName, versionId);
		return new Stage(stageName, versionId, edit.now().toEpochMilli(), secretName);
	}

	/**
	 * Delete a stage; the built-in ones cannot be deleted.
	 */
	@Transactional
	void delete(CallerIdentity caller, String projectId, String secretName, String stageName) {
		if (SecretWrites.isBuiltIn(stageName)) {
			throw new ApiException(ErrorCode.SYSTEM_STAGE);
		}
		Secret secret = this.writes.lock(projectId, secretName);
		SecretStage stage = SecretWrites.find(this.stages.findByKeySecretIdOrderByKeyName(secret.getId()), stageName);
		if (stage == null) {
			throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
		}
		this.writes.deleteStage(SecretWrites.Edit.of(caller, "DeleteSecretStage"), secret, stage);
	}

}
