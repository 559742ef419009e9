package io.secretstage.password;

import io.secretstage.identity.AccessPolicy;
import io.secretstage.identity.AccessPolicy.Operation;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.identity.ScopeOnly;
import io.secretstage.web.ProjectId;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * GenerateRandomPassword: {@code POST /v1/{project_id}/csms/generate-password}. It
 * touches no stored data, so it needs no role, only a token scoped to the project, and it
 * is not audited. The password is in the answer only: never stored, never logged; the
 * answer, like every answer, says {@code Cache-Control: no-store}.
 */
@RestController
class PasswordController {

	private final PasswordGenerator generator;

	private final AccessPolicy access;

	PasswordController(PasswordGenerator generator, AccessPolicy access) {
		this.generator = generator;
		this.access = access;
	}

	/**
	 * GenerateRandomPassword.
	 * @param project the caller's project
	 * @param request the length, classes and exclusions; the defaults without a body
	 * @param caller who asks, who needs a token scoped to the project and no role
	 * @return the password
	 */
	@ScopeOnly
	@PostMapping("/v1/{project_id}/csms/generate-password")
	PasswordResponse generate(@PathVariable("project_id") ProjectId project,
			@RequestBody(required = false) @Valid @Nullable PasswordRequest request,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.SCOPE_ONLY);
		return new PasswordResponse(this.generator.generate((request != null) ? request : PasswordRequest.DEFAULTS));
	}

}
