package io.secretstage.accesskey;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import io.secretstage.crypto.EnvelopeCipher;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A permanent access key: its id, its secret key sealed by envelope encryption, the user
 * it belongs to, and the project and roles it acts with.
 */
@Entity
@Table(name = "access_key")
class AccessKey {

	static final String ACTIVE = "active";

	@Id
	@Column(name = "access_key")
	private String accessKey;

	@Column(name = "user_id", nullable = false, updatable = false)
	private String userId;

	@Column(name = "user_name", nullable = false, updatable = false)
	private String userName;

	@Column(name = "project_id", nullable = false, updatable = false)
	private String projectId;

	/** The role names, one a line. */
	@Column(nullable = false, updatable = false)
	private String roles;

	@Column(nullable = false)
	private String status;

	@Column(nullable = false)
	private String description;

	@Embedded
	private EnvelopeCipher.Sealed secretKey;

	@Column(name = "create_time", nullable = false, updatable = false)
	private Instant createTime;

	@Column(name = "last_use_time", insertable = false, updatable = false)
	private @Nullable Instant lastUseTime;

	AccessKey(String accessKey, String userId, String userName, String projectId, Set<String> roles, String description,
			EnvelopeCipher.Sealed secretKey, Instant createTime) {
		this.accessKey = accessKey;
		this.userId = userId;
		this.userName = userName;
		this.projectId = projectId;
		this.roles = String.join("\n", new TreeSet<>(roles));
		this.status = ACTIVE;
		this.description = description;
		this.secretKey = secretKey;
		this.createTime = createTime;
	}

	// For JPA only.
	protected AccessKey() {
	}

	String getAccessKey() {
		return this.accessKey;
	}

	String getUserId() {
		return this.userId;
	}

	String getUserName() {
		return this.userName;
	}

	String getProjectId() {
		return this.projectId;
	}

	Set<String> getRoles() {
		return this.roles.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(this.roles.split("\n")));
	}

	String getStatus() {
		return this.status;
	}

	boolean isActive() {
		return ACTIVE.equals(this.status);
	}

	void setStatus(String status) {
		this.status = status;
	}

	String getDescription() {
		return this.description;
	}

	void setDescription(String description) {
		this.description = description;
	}

	EnvelopeCipher.Sealed getSecretKey() {
		return this.secretKey;
	}

	Instant getCreateTime() {
		return this.createTime;
	}

	@Nullable Instant getLastUseTime() {
		return this.lastUseTime;
	}

}
