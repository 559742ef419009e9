package io.secretstage.secret;

import java.util.Objects;

import io.secretstage.identity.AccessPolicy;
import io.secretstage.identity.AccessPolicy.Operation;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.web.ApiPatterns;
import io.secretstage.web.EmptyResponses;
import io.secretstage.web.ProjectId;
import io.secretstage.web.ResourceName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The secret resource: {@code /v1/{project_id}/secrets}, with its scheduled deletion,
 * batch import, backup and restore.
 */
@RestController
class SecretController {

	private final SecretService secrets;

	private final SecretImport imports;

	private final SecretBackupService backups;

	private final AccessPolicy access;

	SecretController(SecretService secrets, SecretImport imports, SecretBackupService backups, AccessPolicy access) {
		this.secrets = secrets;
		this.imports = imports;
		this.backups = backups;
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
		return this.secrets.create(caller, project.value(), request, "CreateSecret");
	}

	/**
	 * ListSecrets, by name in byte order.
	 * @param project the project to list
	 * @param marker the name to list after, which need not exist; the first page when
	 * absent or empty
	 * @param limit how many secrets to list at most, 1 to 1000
	 * @param eventName only the secrets subscribed to that event; all when absent or
	 * empty
	 * @param caller who asks, who needs read access to the project
	 * @return the page and, when more follow, where the next starts
	 */
	@GetMapping("/v1/{project_id}/secrets")
	SecretResponse.Page list(@PathVariable("project_id") ProjectId project,
			@RequestParam(name = "marker",
					required = false) @Pattern(regexp = ApiPatterns.NAME_OR_EMPTY) @Nullable String marker,
			@RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(1000) int limit,
			@RequestParam(name = "event_name",
					required = false) @Pattern(regexp = ApiPatterns.NAME_OR_EMPTY) @Nullable String eventName,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.READ);
		return this.secrets.list(project.value(), marker, limit, eventName);
	}

	/**
	 * BatchImportSecrets: each entry as CreateSecret would make it; 200 even when all
	 * fail.
	 * @param project the project to make the secrets in
	 * @param request the entries
	 * @param caller who asks, who needs write access to the project
	 * @return how many were made, and why each other one was not
	 */
	@PostMapping("/v1/{project_id}/secrets/batch-import")
	SecretImport.Result batchImport(@PathVariable("project_id") ProjectId project,
			@RequestBody @Valid SecretImport.Request request, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		return this.imports.importAll(caller, project.value(), Objects.requireNonNull(request.secrets()));
	}

	/**
	 * UpdateSecret: metadata only, never a value.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param request the fields to change
	 * @param caller who asks, who needs write access to the project
	 * @return the secret's metadata as changed
	 */
	@PutMapping("/v1/{project_id}/secrets/{secret_name}")
	SecretResponse update(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret, @RequestBody @Valid UpdateSecretRequest request,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		return this.secrets.update(caller, project.value(), secret.value(), request);
	}

	/**
	 * DeleteSecretForSchedule: the secret is purged after its recovery window unless it
	 * is restored.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param request the recovery window, or no body for 30 days
	 * @param caller who asks, who needs write access to the project
	 * @return the secret's metadata, pending deletion
	 */
	@PostMapping("/v1/{project_id}/secrets/{secret_name}/scheduled-deleted-tasks/create")
	SecretResponse scheduleDeletion(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret,
			@RequestBody(required = false) @Valid @Nullable ScheduleDeletionRequest request,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		int days = (request != null) ? request.days() : ScheduleDeletionRequest.DEFAULT_DAYS;
		return this.secrets.scheduleDeletion(caller, project.value(), secret.value(), days);
	}

	/**
	 * RestoreSecret: cancels a scheduled deletion. A body, if any, is not read.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param caller who asks, who needs write access to the project
	 * @return the secret's metadata, enabled
	 */
	@PostMapping("/v1/{project_id}/secrets/{secret_name}/scheduled-deleted-tasks/cancel")
	SecretResponse restore(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		return this.secrets.restore(caller, project.value(), secret.value());
	}

	/**
	 * DownloadSecretBlob: the secret with every version, stage and tag, as an encrypted
	 * blob; a read, audited. A body, if any, is not read.
	 * @param project the project the secret is in
	 * @param secret the secret's name
	 * @param caller who asks, who needs read access to the project
	 * @return the blob
	 */
	@PostMapping("/v1/{project_id}/secrets/{secret_name}/backup")
	SecretBlobResponse download(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_name") ResourceName secret, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.READ);
		return this.backups.download(caller, project.value(), secret.value());
	}

	/**
	 * UploadSecretBlob: the secret of a blob of DownloadSecretBlob back in its project.
	 * @param project the project the blob was made in
	 * @param request the blob
	 * @param caller who asks, who needs write access to the project
	 * @return the restored secret's metadata
	 */
	@PostMapping("/v1/{project_id}/secrets/restore")
	SecretResponse upload(@PathVariable("project_id") ProjectId project,
			@RequestBody @Valid UploadSecretBlobRequest request, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		return this.backups.upload(caller, project.value(), Objects.requireNonNull(request.secretBlob()));
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
	 * DeleteSecret: at once, pending deletion or not; 200 with no body, as the contract
	 * has it.
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
