package io.secretstage.secret;

import java.time.Instant;
import java.util.UUID;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A secret: a name within a project, under which versions are kept. It is
 * {@code ENABLED}, or {@code PENDING_DELETE} until its scheduled deletion time, from
 * which on it is gone for every caller ({@link #isGoneAt}) until the purge deletes it.
 */
@Entity
@Table(name = "secret")
class Secret {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "public_id", nullable = false, updatable = false)
	private UUID publicId;

	@Column(name = "project_id", nullable = false, updatable = false)
	private String projectId;

	@Column(nullable = false, updatable = false)
	private String name;

	@Column(nullable = false)
	private String state;

	@Column(name = "secret_type", nullable = false)
	private String secretType;

	@Column(nullable = false)
	private String description;

	@Column(name = "kms_key_id")
	private @Nullable String kmsKeyId;

	@Column(name = "enterprise_project_id", nullable = false, updatable = false)
	private String enterpriseProjectId;

	@Column(name = "scheduled_delete_time")
	private @Nullable Instant scheduledDeleteTime;

	@Column(name = "create_time", nullable = false, updatable = false)
	private Instant createTime;

	@Column(name = "update_time", nullable = false)
	private Instant updateTime;

	static final String ENABLED = "ENABLED";

	static final String PENDING_DELETE = "PENDING_DELETE";

	Secret(String projectId, String name, String description, @Nullable String kmsKeyId, String enterpriseProjectId,
			Instant createTime) {
		this(UUID.randomUUID(), projectId, name, description, kmsKeyId, enterpriseProjectId, createTime, createTime);
	}

	private Secret(UUID publicId, String projectId, String name, String description, @Nullable String kmsKeyId,
			String enterpriseProjectId, Instant createTime, Instant updateTime) {
		this.publicId = publicId;
		this.projectId = projectId;
		this.name = name;
		this.state = ENABLED;
		this.secretType = "COMMON";
		this.description = description;
		this.kmsKeyId = kmsKeyId;
		this.enterpriseProjectId = enterpriseProjectId;
		this.createTime = createTime;
		this.updateTime = updateTime;
	}

	/**
	 * A secret brought back from a backup (UploadSecretBlob): with the id and creation
	 * time it had, enabled, changed now.
	 * @param publicId the id it had
	 * @param projectId the project it was in
	 * @param name its name
	 * @param description its description
	 * @param kmsKeyId the master key chosen for its versions, or {@code null} for the
	 * primary
	 * @param enterpriseProjectId its enterprise project
	 * @param createTime when it was first made
	 * @param now when it is restored
	 * @return the secret, not yet saved
	 */
	static Secret restored(UUID publicId, String projectId, String name, String description, @Nullable String kmsKeyId,
			String enterpriseProjectId, Instant createTime, Instant now) {
		return new Secret(publicId, projectId, name, description, kmsKeyId, enterpriseProjectId, createTime, now);
	}

	// For JPA only.
	protected Secret() {
	}

	long getId() {
		if (this.id == null) {
			throw new IllegalStateException("The secret has not been saved");
		}
		return this.id;
	}

	UUID getPublicId() {
		return this.publicId;
	}

	String getProjectId() {
		return this.projectId;
	}

	String getName() {
		return this.name;
	}

	String getState() {
		return this.state;
	}

	String getSecretType() {
		return this.secretType;
	}

	String getDescription() {
		return this.description;
	}

	/**
	 * The master key chosen for this secret's versions, or {@code null} for the primary.
	 * @return the master key's id, or {@code null}
	 */
	@Nullable String getKmsKeyId() {
		return this.kmsKeyId;
	}

	String getEnterpriseProjectId() {
		return this.enterpriseProjectId;
	}

	@Nullable Instant getScheduledDeleteTime() {
		return this.scheduledDeleteTime;
	}

	/**
	 * Whether the secret is gone at that moment: its scheduled deletion time has come,
	 * whether or not the purge has deleted it yet.
	 * @param now the moment
	 * @return whether it is gone
	 */
	boolean isGoneAt(Instant now) {
		return this.scheduledDeleteTime != null && !now.isBefore(this.scheduledDeleteTime);
	}

	boolean isPendingDeletion() {
		return PENDING_DELETE.equals(this.state);
	}

	/**
	 * Check that the secret takes changes: a secret pending deletion takes none.
	 * @throws ApiException 403 {@code CSMS.0109} if it is pending deletion
	 */
	void requireEnabled() {
		if (isPendingDeletion()) {
			throw new ApiException(ErrorCode.SECRET_NOT_ENABLED);
		}
	}

	Instant getCreateTime() {
		return this.createTime;
	}

	Instant getUpdateTime() {
		return this.updateTime;
	}

	void touch(Instant now) {
		this.updateTime = now;
	}

	void describe(String description) {
		this.description = description;
	}

	/**
	 * Seal the versions made from now on under that master key.
	 * @param kmsKeyId the master key's id
	 */
	void sealWith(String kmsKeyId) {
		this.kmsKeyId = kmsKeyId;
	}

	/**
	 * Schedule the secret's deletion.
	 * @param at when it is gone
	 * @throws ApiException 400 {@code CSMS.0107} if it is already pending deletion
	 */
	void scheduleDeletion(Instant at) {
		if (isPendingDeletion()) {
			throw new ApiException(ErrorCode.SECRET_PENDING_DELETION);
		}
		this.state = PENDING_DELETE;
		this.scheduledDeleteTime = at;
	}

	/**
	 * Cancel the secret's scheduled deletion.
	 * @throws ApiException 400 {@code CSMS.0108} if it is not pending deletion
	 */
	void restore() {
		if (!isPendingDeletion()) {
			throw new ApiException(ErrorCode.SECRET_NOT_PENDING_DELETION);
		}
		this.state = ENABLED;
		this.scheduledDeleteTime = null;
	}

}
