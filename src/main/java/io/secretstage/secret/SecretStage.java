package io.secretstage.secret;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A named stage of a secret, pointing at one of that secret's versions. The schema's
 * foreign key on (secret, version) keeps it from pointing at another secret's version.
 */
@Entity
@Table(name = "secret_stage")
class SecretStage {

	@EmbeddedId
	private Key key;

	@Column(name = "version_id", nullable = false)
	private String versionId;

	@Column(name = "update_time", nullable = false)
	private Instant updateTime;

	SecretStage(long secretId, String name, String versionId, Instant updateTime) {
		this.key = new Key(secretId, name);
		this.versionId = versionId;
		this.updateTime = updateTime;
	}

	// For JPA only.
	protected SecretStage() {
	}

	String getName() {
		return this.key.name();
	}

	String getVersionId() {
		return this.versionId;
	}

	Instant getUpdateTime() {
		return this.updateTime;
	}

	void pointAt(String versionId, Instant now) {
		this.versionId = versionId;
		this.updateTime = now;
	}

	/**
	 * A stage's identity: its secret and its name within that secret.
	 *
	 * @param secretId the database id of the secret
	 * @param name the stage's name within the secret
	 */
	@Embeddable
	record Key(@Column(name = "secret_id") long secretId, @Column(name = "name") String name) implements Serializable {

	}

}
