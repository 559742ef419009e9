package io.secretstage.stage;

import java.time.Instant;

import io.secretstage.system.ApiException;
import io.secretstage.system.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Resolves stages to the versions they point at.
 */
@Service
class SecretStageService {

	private final SecretRepository secrets;

	SecretStageService(SecretRepository secrets) {
		this.secrets = secrets;
	}

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

}
