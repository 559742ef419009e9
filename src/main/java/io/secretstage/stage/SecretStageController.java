package io.secretstage.stage;

import io.secretstage.identity.AccessPolicy;
import io.secretstage.identity.AccessPolicy.Operation;
import io.secretstage.identity.CallerIdentity;
import jakarta.validation.constraints.Pattern;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The version-stage resource: {@code /v1/{project_id}/secrets/{secret_name}/stages}.
 */
@RestController
class SecretStageController {

	static final String PROJECT_ID = "[A-Za-z0-9_-]{32,64}";

	static final String NAME = "[a-zA-Z0-9_-]{1,64}";

	private final SecretStageService stages;

	private final AccessPolicy access;

	SecretStageController(SecretStageService stages, AccessPolicy access) {
		this.stages = stages;
		this.access = access;
	}

	@GetMapping("/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}")
	StageResponse show(@PathVariable("project_id") @Pattern(regexp = PROJECT_ID) String projectId,
			@PathVariable("secret_name") @Pattern(regexp = NAME) String secretName,
			@PathVariable("stage_name") @Pattern(regexp = NAME) String stageName,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, projectId, Operation.READ);
		return new StageResponse(this.stages.find(projectId, secretName, stageName));
	}

}
