package io.secretstage.secret;

import io.secretstage.identity.AccessPolicy;
import io.secretstage.identity.AccessPolicy.Operation;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.web.EmptyResponses;
import io.secretstage.web.ProjectId;
import io.secretstage.web.ResourceName;
import jakarta.validation.Valid;

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

	/**
	 * ShowSecretStage.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param stage the stage's name
	 * @param caller who asks, who needs read access to the project
	 * @return the stage and the version it points at
	 */
	@GetMapping
	StageResponse show(@PathVariable("project_id") ProjectId project, @PathVariable("secret_name") ResourceName secret,
			@PathVariable("stage_name") ResourceName stage, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.READ);
		return new StageResponse(this.stages.find(project.value(), secret.value(), stage.value()));
	}

	/**
	 * UpdateSecretStage.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param stage the stage's name
	 * @param request the version to point the stage at
	 * @param caller who asks, who needs write access to the project
	 * @return the stage as moved
	 */
	@PutMapping
	StageResponse update(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret, @PathVariable("stage_name") ResourceName stage,
			@RequestBody @Valid UpdateStageRequest request, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		return new StageResponse(this.stages.update(caller, project.value(), secret.value(), stage.value(),
				String.valueOf(request.versionId())));
	}

	/**
	 * DeleteSecretStage.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param stage the stage's name
	 * @param caller who asks, who needs write access to the project
	 * @return 204 with no body
	 */
	@DeleteMapping
	ResponseEntity<Void> delete(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret, @PathVariable("stage_name") ResourceName stage,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		this.stages.delete(caller, project.value(), secret.value(), stage.value());
		return EmptyResponses.of(HttpStatus.NO_CONTENT);
	}

}
