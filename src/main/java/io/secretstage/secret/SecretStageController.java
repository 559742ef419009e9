package io.secretstage.secret;

import io.secretstage.identity.AccessPolicy;
import io.secretstage.identity.AccessPolicy.Operation;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.system.EmptyResponses;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The version-stage resource: {@code /v1/{project_id}/secrets/{secret_name}/stages}.
 */
@RestController
@RequestMapping("/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}")
class SecretStageController {

	private final SecretStageService stages;

	private final AccessPolicy access;

	SecretStageController(SecretStageService stages, AccessPolicy access) {
		this.stages = stages;
		this.access = access;
	}

	/** ShowSecretStage. */
	@GetMapping
	StageResponse show(@PathVariable("project_id") @Pattern(regexp = ApiPatterns.PROJECT_ID) String projectId,
			@PathVariable("secret_name") @Pattern(regexp = ApiPatterns.NAME) String secretName,
			@PathVariable("stage_name") @Pattern(regexp = ApiPatterns.NAME) String stageName,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, projectId, Operation.READ);
		return new StageResponse(this.stages.find(projectId, secretName, stageName));
	}

	/** UpdateSecretStage. */
	@PutMapping
	StageResponse update(@PathVariable("project_id") @Pattern(regexp = ApiPatterns.PROJECT_ID) String projectId,
			@PathVariable("secret_name") @Pattern(regexp = ApiPatterns.NAME) String secretName,
			@PathVariable("stage_name") @Pattern(regexp = ApiPatterns.NAME) String stageName,
			@RequestBody @Valid UpdateStageRequest request, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, projectId, Operation.WRITE);
		return new StageResponse(
				this.stages.update(caller, projectId, secretName, stageName, String.valueOf(request.versionId())));
	}

	/** DeleteSecretStage. */
	@DeleteMapping
	ResponseEntity<Void> delete(@PathVariable("project_id") @Pattern(regexp = ApiPatterns.PROJECT_ID) String projectId,
			@PathVariable("secret_name") @Pattern(regexp = ApiPatterns.NAME) String secretName,
			@PathVariable("stage_name") @Pattern(regexp = ApiPatterns.NAME) String stageName,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, projectId, Operation.WRITE);
		this.stages.delete(caller, projectId, secretName, stageName);
		return EmptyResponses.of(HttpStatus.NO_CONTENT);
	}

}
