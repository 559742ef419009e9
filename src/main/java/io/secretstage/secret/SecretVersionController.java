package io.secretstage.secret;

import java.util.Objects;

import io.secretstage.identity.AccessPolicy;
import io.secretstage.identity.AccessPolicy.Operation;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.web.ApiPatterns;
import io.secretstage.web.ProjectId;
import io.secretstage.web.ResourceName;
import io.secretstage.web.VersionId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The version resource: {@code /v1/{project_id}/secrets/{secret_name}/versions}.
 */
@RestController
@RequestMapping("/v1/{project_id}/secrets/{secret_name}/versions")
class SecretVersionController {

	private final SecretVersionService versions;

	private final AccessPolicy access;

	SecretVersionController(SecretVersionService versions, AccessPolicy access) {
		this.versions = versions;
		this.access = access;
	}

	/**
	 * CreateSecretVersion.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param request the new version's value, stages and expiry
	 * @param caller who asks, who needs write access to the project
	 * @return the new version's metadata
	 */
	@PostMapping
	VersionMetadata.Response create(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret, @RequestBody @Valid CreateVersionRequest request,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		return new VersionMetadata.Response(this.versions.create(caller, project.value(), secret.value(), request));
	}

	/**
	 * UpdateVersion: when the version expires.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param version the version's id, or {@code latest}
	 * @param request the expiry
	 * @param caller who asks, who needs write access to the project
	 * @return the version's metadata
	 */
	@PutMapping("/{version_id}")
	VersionMetadata.Response update(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret, @PathVariable("version_id") VersionId version,
			@RequestBody @Valid UpdateVersionRequest request, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		return new VersionMetadata.Response(this.versions.update(caller, project.value(), secret.value(),
				version.value(), Objects.requireNonNull(request.expireTime())));
	}

	/**
	 * ShowSecretVersion, with the value; {@code latest} is the newest version.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param version the version's id, or {@code latest}
	 * @param caller who asks, who needs read access to the project
	 * @return the version's value and metadata
	 */
	@GetMapping("/{version_id}")
	VersionResponse show(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret, @PathVariable("version_id") VersionId version,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.READ);
		return this.versions.show(project.value(), secret.value(), version.value());
	}

	/**
	 * ListSecretVersions.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param marker the version to list after, or {@code null} to start at the first
	 * @param limit how many versions to list at most, 1 to 1000
	 * @param caller who asks, who needs read access to the project
	 * @return the versions' metadata, oldest first, and where the next page starts
	 */
	@GetMapping
	VersionMetadata.Page list(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret,
			@RequestParam(name = "marker",
					required = false) @Pattern(regexp = ApiPatterns.VERSION_ID) @Nullable String marker,
			@RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(1000) int limit,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.READ);
		return this.versions.list(project.value(), secret.value(), marker, limit);
	}

}
