package io.secretstage.secret;

import java.time.Instant;

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

	SecretStageService(SecretRepository secrets, SecretVersionRepository versions, SecretStageRepository stages,
			SecretWrites writes) {
		this.secrets = secrets;
		this.versions = versions;
		this.stages = stages;
		this.writes = writes;
	}

	/**
	 * The version a stage points at, found with one SQL statement.
	 */
	@Transactional(readOnly = true)
	Stage find(String projectId, String secretName, String stageName) {
		StageLookup lookup = this.secrets.findStage(projectId, secretName, stageName)
			.orElseThrow(() -> new ApiException(ErrorCode.SECRET_NOT_FOUND));
		String versionId = lookup.versionId();
		Instant updateTime = lookup.updateTime();
		if (versionId == null || updateTime == null) {
			throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
		}
		return new Stage(stageName, versionId, updateTime.toEpochMilli(), lookup.secretName());
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
		if (SecretWrites.CURRENT.equals(stageName) || SecretWrites.PREVIOUS.equals(stageName)) {
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
