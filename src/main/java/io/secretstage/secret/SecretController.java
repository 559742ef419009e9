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

	/**
	 * CreateSecret.
	 * @param project the project to make the secret in
	 * @param request the secret's name, first value, description and master key
	 * @param caller who asks, who needs write access to the project
	 * @return the new secret's metadata
	 */
	@PostMapping("/v1/{project_id}/secrets")
	SecretResponse create(@PathVariable("project_id") ProjectId project,
			@RequestBody @Valid CreateSecretRequest request, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		return this.secrets.create(caller, project.value(), request);
	}

	/**
	 * ShowSecret: metadata only, never the value.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param caller who asks, who needs read access to the project
	 * @return the secret's metadata
	 */
	@GetMapping("/v1/{project_id}/secrets/{secret_name}")
	SecretResponse show(@PathVariable("project_id") ProjectId project, @PathVariable("secret_name") ResourceName secret,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.READ);
		return this.secrets.show(project.value(), secret.value());
	}

	/**
	 * DeleteSecret: 200 with no body, as the contract has it.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param caller who asks, who needs write access to the project
	 * @return 200 with no body
	 */
	@DeleteMapping("/v1/{project_id}/secrets/{secret_name}")
	ResponseEntity<Void> delete(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		this.secrets.delete(caller, project.value(), secret.value());
		return EmptyResponses.of(HttpStatus.OK);
	}

}
