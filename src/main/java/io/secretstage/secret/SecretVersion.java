package io.secretstage.secret;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.secretstage.crypto.EnvelopeCipher;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One version of a secret, {@code v1}, {@code v2}, ... in the order they were made, with
 * its value sealed by envelope encryption.
 */
@Entity
@Table(name = "secret_version")
class SecretVersion {

	/**
	 * The associated data new values are sealed with: see {@link #sealContext}.
	 */
	static final short SEAL_CONTEXT = 2;

	@EmbeddedId
	private Key key;

	@Column(name = "version_number", nullable = false, updatable = false)
	private long number;

	@Column(name = "value_type", nullable = false, updatable = false)
	private String valueType;

	@Embedded
	private EnvelopeCipher.Sealed sealed;

	@Column(name = "seal_context", nullable = false, updatable = false)
	private short sealContext;

	@Column(name = "create_time", nullable = false, updatable = false)
	private Instant createTime;

	@Column(name = "expire_time")
	private @Nullable Instant expireTime;

	SecretVersion(long secretId, long number, SecretValue.Type type, EnvelopeCipher.Sealed sealed, Instant createTime,
			@Nullable Instant expireTime) {
		this.key = new Key(secretId, versionId(number));
		this.number = number;
		this.valueType = type.column();
		this.sealed = sealed;
		this.sealContext = SEAL_CONTEXT;
		this.createTime = createTime;
		this.expireTime = expireTime;
	}

	// For JPA only.
	protected SecretVersion() {
	}

	/**
	 * What a version's value is bound to (context {@value #SEAL_CONTEXT}): a ciphertext
	 * copied to another project, secret or version, or restored under a secret re-created
	 * with the same name, does not decrypt.
	 * @param secret the version's secret
	 * @param versionId the version's id
	 * @return the associated data to seal and open the value with
	 */
	static byte[] sealContext(Secret secret, String versionId) {
		return sealContext(secret.getProjectId(), secret.getName(), secret.getPublicId(), versionId);
	}

	static byte[] sealContext(String projectId, String secretName, UUID publicId, String versionId) {
		return String.join("\u0000", "csms-secret-version-2", projectId, secretName, publicId.toString(), versionId)
			.getBytes(StandardCharsets.UTF_8);
	}

	static String versionId(long number) {
		return "v" + number;
	}

	String getVersionId() {
		return this.key.versionId();
	}

	long getNumber() {
		return this.number;
	}

	SecretValue.Type getValueType() {
		return SecretValue.Type.ofColumn(this.valueType);
	}

	String getKmsKeyId() {
		return this.sealed.keyId();
	}

	EnvelopeCipher.Sealed getSealed() {
		return this.sealed;
	}

	Instant getCreateTime() {
		return this.createTime;
	}

	@Nullable Instant getExpireTime() {
		return this.expireTime;
	}

	void expireAt(Instant expireTime) {
		this.expireTime = expireTime;
	}

	/**
	 * A version's identity: its secret and its id within that secret.
	 *
	 * @param secretId the database id of the secret
	 * @param versionId the version's id within the secret, such as {@code v1}
	 */
	@Embeddable
	record Key(@Column(name = "secret_id") long secretId,
			@Column(name = "version_id") String versionId) implements Serializable {

	}

}
