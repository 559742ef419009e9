package io.secretstage.secret;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

import io.secretstage.crypto.EnvelopeCipher;
import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.CallerIdentity;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, shows, lists, updates and deletes secrets, at once or after a recovery window.
 */
@Service
class SecretService {

	private final SecretRepository secrets;

	private final SecretWrites writes;

	private final EnvelopeCipher cipher;

	private final Clock clock;

	SecretService(SecretRepository secrets, SecretWrites writes, EnvelopeCipher cipher, Clock clock) {
		this.secrets = secrets;
		this.writes = writes;
		this.cipher = cipher;
		this.clock = clock;
	}

	/**
	 * Create a secret with its first version, {@code v1}, holding {@code SYSCURRENT}
	 * ({@link SecretWrites#insert} for the name).
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project to make the secret in
	 * @param request the secret's name, first value and metadata
	 * @param operation the API operation, as the audit trail records it
	 * @return the new secret's metadata
	 * @throws ApiException 409 if the project has a secret of that name, 400
	 * {@code CSMS.0107} if a secret pending deletion holds the name
	 */
	@Transactional
	SecretResponse create(CallerIdentity caller, String projectId, CreateSecretRequest request, String operation) {
		SecretValue value = SecretValue.of(request.secretString(), request.secretBinary());
		String kmsKeyId = request.kmsKeyId();
		if (kmsKeyId != null && !this.cipher.hasKey(kmsKeyId)) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER, "The value of parameter kms_key_id is invalid.");
		}
		requireEvents(subscriptions(request.eventSubscriptions()));
		String name = String.valueOf(request.name());
		SecretWrites.Edit edit = this.writes.edit(caller, operation);
		String description = (request.description() != null) ? request.description() : "";
		String enterpriseProjectId = (request.enterpriseProjectId() != null) ? request.enterpriseProjectId() : "0";
		Secret secret = this.writes.insert(edit,
				new Secret(projectId, name, description, kmsKeyId, enterpriseProjectId, edit.now()));
		this.writes.addVersion(edit, secret, value, StageRules.forNewVersion(null), null);
		return response(secret);
	}

	/**
	 * Show a secret's metadata, never its value; one pending deletion too.
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 * @return the secret's metadata
	 */
	@Transactional(readOnly = true)
	SecretResponse show(String projectId, String name) {
		return response(this.secrets.findPresent(projectId, name, this.clock.instant()));
	}

	/**
	 * List a project's secrets by name in byte order, those pending deletion included,
	 * {@code limit} at a time after the name {@code marker}.
	 * @param projectId the project
	 * @param marker the name to list after, which need not exist, or {@code null} for the
	 * first page
	 * @param limit how many secrets to list at most
	 * @param eventName only the secrets subscribed to that event, or {@code null} for all
	 * @return the page and, when more follow, where the next starts
	 */
	@Transactional(readOnly = true)
	SecretResponse.Page list(String projectId, @Nullable String marker, int limit, @Nullable String eventName) {
		if (eventName != null && !eventName.isEmpty()) {
			// No events exist yet, so no secret subscribes to one.
			return SecretResponse.Page.of(List.of(), false);
		}
		List<Secret> page = this.secrets.findPage(projectId, (marker != null) ? marker : "", this.clock.instant(),
				Limit.of(limit + 1));
		List<SecretResponse.Details> shown = page.subList(0, Math.min(limit, page.size()))
			.stream()
			.map((secret) -> response(secret).secret())
			.toList();
		return SecretResponse.Page.of(shown, page.size() > limit);
	}

	/**
	 * Change a secret's metadata: its description, the master key of the versions made
	 * from now on, its event subscription. Nothing given, nothing changes. Checked in the
	 * contract's order: the secret and the events (404), its state (403), then the master
	 * key (400 {@code CSMS.0401}).
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 * @param request the fields to change
	 * @return the secret's metadata as changed
	 * @throws ApiException 400 {@code CSMS.0401} if the master key is not held here, 403
	 * {@code CSMS.0109} if the secret is pending deletion
	 */
	@Transactional
	SecretResponse update(CallerIdentity caller, String projectId, String name, UpdateSecretRequest request) {
		List<String> subscriptions = subscriptions(request.eventSubscriptions());
		SecretWrites.Edit edit = this.writes.edit(caller, "UpdateSecret");
		Secret secret = this.writes.lock(edit, projectId, name);
		requireEvents(subscriptions);
		secret.requireEnabled();
		String kmsKeyId = request.kmsKeyId();
		if (kmsKeyId != null && !this.cipher.hasKey(kmsKeyId)) {
			throw new ApiException(ErrorCode.KMS_KEY_UNAVAILABLE);
		}
		String description = request.description();
		boolean changed = (description != null && !description.equals(secret.getDescription()))
				|| (kmsKeyId != null && !kmsKeyId.equals(secret.getKmsKeyId()));
		if (changed) {
			if (description != null) {
				secret.describe(description);
			}
			if (kmsKeyId != null) {
				secret.sealWith(kmsKeyId);
			}
			secret.touch(edit.now());
			this.writes.recordChange(edit, secret);
		}
		return response(secret);
	}

	/**
	 * Schedule a secret's deletion: it can be restored until then, and its values cannot
	 * be read nor anything changed meanwhile.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 * @param days the recovery window, 7 to 30 days
	 * @return the secret's metadata, pending deletion
	 * @throws ApiException 400 {@code CSMS.0107} if it is already pending deletion
	 */
	@Transactional
	SecretResponse scheduleDeletion(CallerIdentity caller, String projectId, String name, int days) {
		return changeState(caller, projectId, name, "DeleteSecretForSchedule",
				(secret, now) -> secret.scheduleDeletion(now.plus(Duration.ofDays(days))));
	}

	/**
	 * Cancel a secret's scheduled deletion; its versions and stages are as they were.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 * @return the secret's metadata, enabled
	 * @throws ApiException 400 {@code CSMS.0108} if it is not pending deletion
	 */
	@Transactional
	SecretResponse restore(CallerIdentity caller, String projectId, String name) {
		return changeState(caller, projectId, name, "RestoreSecret", (secret, now) -> secret.restore());
	}

	/**
	 * Move a secret from one state to another, audited, its update time now.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 * @param operation the API operation, as the audit trail records it
	 * @param change the move, given the secret, locked, and now; it refuses a secret
	 * whose state does not allow it
	 * @return the secret's metadata as changed
	 */
	private SecretResponse changeState(CallerIdentity caller, String projectId, String name, String operation,
			BiConsumer<Secret, Instant> change) {
		SecretWrites.Edit edit = this.writes.edit(caller, operation);
		Secret secret = this.writes.lock(edit, projectId, name);
		change.accept(secret, edit.now());
		secret.touch(edit.now());
		this.writes.recordChange(edit, secret);
		return response(secret);
	}

	/**
	 * Delete a secret with all its versions and stages at once, pending deletion or not.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 */
	@Transactional
	void delete(CallerIdentity caller, String projectId, String name) {
		SecretWrites.Edit edit = this.writes.edit(caller, "DeleteSecret");
		this.writes.delete(edit, this.writes.lock(edit, projectId, name));
	}

	/**
	 * The events to subscribe to: at most one, {@code ""} entries dropped.
	 * @param requested the names as given, or {@code null}
	 * @return the names
	 * @throws ApiException 400 if more than one is named
	 */
	private static List<String> subscriptions(@Nullable List<String> requested) {
		List<String> names = (requested != null) ? requested.stream().filter((name) -> !name.isEmpty()).toList()
				: List.of();
		if (names.size() > 1) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER,
					"The value of parameter event_subscriptions is invalid: at most one event.");
		}
		return names;
	}

	/**
	 * Check that the named events exist. None does yet: events come with their own
	 * operations, so any name is unknown.
	 * @param names the events' names
	 * @throws ApiException 404 {@code CSMS.0005} if any is named
	 */
	private static void requireEvents(List<String> names) {
		if (!names.isEmpty()) {
			throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
		}
	}

	private SecretResponse response(Secret secret) {
		String chosen = secret.getKmsKeyId();
		return SecretResponse.of(secret, (chosen != null) ? chosen : this.cipher.primaryKeyId());
	}

}
