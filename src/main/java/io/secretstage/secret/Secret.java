package io.secretstage.secret;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A secret: a name within a project, under which versions are kept.
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

	@Column(name = "create_time", nullable = false, updatable = false)
	private Instant createTime;

	@Column(name = "update_time", nullable = false)
	private Instant updateTime;

	Secret(String projectId, String name, String description, @Nullable String kmsKeyId, Instant createTime) {
		this.publicId = UUID.randomUUID();
		this.projectId = projectId;
		this.name = name;
		this.state = "ENABLED";
		this.secretType = "COMMON";
		this.description = description;
		this.kmsKeyId = kmsKeyId;
		this.createTime = createTime;
		this.updateTime = createTime;
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

	Instant getCreateTime() {
		return this.createTime;
	}

	Instant getUpdateTime() {
		return this.updateTime;
	}

	void touch(Instant now) {
		this.updateTime = now;
	}

}
