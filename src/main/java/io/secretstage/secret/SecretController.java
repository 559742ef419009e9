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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The secret resource: {@code /v1/{project_id}/secrets}.
 */
@RestController
class SecretController {

	private final SecretService secrets;

	private final AccessPolicy access;

	SecretController(SecretService secrets, AccessPolicy access) {
		this.secrets = secrets;
		this.access = access;
	}

	/** CreateSecret. */
	@PostMapping("/v1/{project_id}/secrets")
	SecretResponse create(@PathVariable("project_id") @Pattern(regexp = ApiPatterns.PROJECT_ID) String projectId,
			@RequestBody @Valid CreateSecretRequest request, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, projectId, Operation.WRITE);
		return this.secrets.create(caller, projectId, request);
	}

	/** ShowSecret: metadata only, never the value. */
	@GetMapping("/v1/{project_id}/secrets/{secret_name}")
	SecretResponse show(@PathVariable("project_id") @Pattern(regexp = ApiPatterns.PROJECT_ID) String projectId,
			@PathVariable("secret_name") @Pattern(regexp = ApiPatterns.NAME) String secretName,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, projectId, Operation.READ);
		return this.secrets.show(projectId, secretName);
	}

	/** DeleteSecret: 200 with no body, as the contract has it. */
	@DeleteMapping("/v1/{project_id}/secrets/{secret_name}")
	ResponseEntity<Void> delete(@PathVariable("project_id") @Pattern(regexp = ApiPatterns.PROJECT_ID) String projectId,
			@PathVariable("secret_name") @Pattern(regexp = ApiPatterns.NAME) String secretName,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, projectId, Operation.WRITE);
		this.secrets.delete(caller, projectId, secretName);
		return EmptyResponses.of(HttpStatus.OK);
	}

}
