package io.secretstage.secret;

import io.secretstage.crypto.EnvelopeCipher;
import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.CallerIdentity;
import org.hibernate.exception.ConstraintViolationException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, shows and deletes secrets.
 */
@Service
class SecretService {

	private final SecretRepository secrets;

	private final SecretWrites writes;

	private final EnvelopeCipher cipher;

	SecretService(SecretRepository secrets, SecretWrites writes, EnvelopeCipher cipher) {
		this.secrets = secrets;
		this.writes = writes;
		this.cipher = cipher;
	}

	/**
	 * Create a secret with its first version, {@code v1}, holding {@code SYSCURRENT}.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project to make the secret in
	 * @param request the secret's name, first value, description and master key
	 * @return the new secret's metadata
	 * @throws ApiException 409 if the project has a secret of that name
	 */
	@Transactional
	SecretResponse create(CallerIdentity caller, String projectId, CreateSecretRequest request) {
		SecretValue value = SecretValue.of(request.secretString(), request.secretBinary());
		String kmsKeyId = request.kmsKeyId();
		if (kmsKeyId != null && !this.cipher.hasKey(kmsKeyId)) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER, "The value of parameter kms_key_id is invalid.");
		}
		String name = String.valueOf(request.name());
		if (this.secrets.existsByProjectIdAndName(projectId, name)) {
			throw new ApiException(ErrorCode.SECRET_EXISTS);
		}
		SecretWrites.Edit edit = SecretWrites.Edit.of(caller, "CreateSecret");
		String description = (request.description() != null) ? request.description() : "";
		Secret secret;
		try {
			secret = this.writes.insert(new Secret(projectId, name, description, kmsKeyId, edit.now()));
		}
		catch (DataIntegrityViolationException ex) {
			if (!isDuplicateName(ex)) {
				throw ex;
			}
			// Another request made it since the check above.
			throw new ApiException(ErrorCode.SECRET_EXISTS);
		}
		this.writes.addVersion(edit, secret, value, StageRules.forNewVersion(null), null);
		return SecretResponse.of(secret, kmsKeyId(secret));
	}

	@Transactional(readOnly = true)
	SecretResponse show(String projectId, String name) {
		Secret secret = this.secrets.findByProjectIdAndName(projectId, name)
			.orElseThrow(() -> new ApiException(ErrorCode.SECRET_NOT_FOUND));
		return SecretResponse.of(secret, kmsKeyId(secret));
	}

	/**
	 * Delete a secret with all its versions and stages.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 */
	@Transactional
	void delete(CallerIdentity caller, String projectId, String name) {
		Secret secret = this.writes.lock(projectId, name);
		this.writes.recordDeletion(SecretWrites.Edit.of(caller, "DeleteSecret"), secret);
		this.secrets.delete(secret);
	}

	/**
	 * Whether a failed insert broke the one constraint that means "that name is taken".
	 * @param ex what the insert threw
	 * @return whether the name is taken in the project
	 */
	private static boolean isDuplicateName(DataIntegrityViolationException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConstraintViolationException violation) {
				return "secret_name_unique_in_project".equals(violation.getConstraintName());
			}
		}
		return false;
	}

	private String kmsKeyId(Secret secret) {
		String chosen = secret.getKmsKeyId();
		return (chosen != null) ? chosen : this.cipher.primaryKeyId();
	}

}
