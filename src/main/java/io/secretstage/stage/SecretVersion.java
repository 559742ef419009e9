package io.secretstage.stage;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * One version of a secret, {@code v1}, {@code v2}, ... in the order they were made.
 */
@Entity
@Table(name = "secret_version")
class SecretVersion {

	@EmbeddedId
	private Key key;

	@Column(name = "create_time", nullable = false, updatable = false)
	private Instant createTime;

	SecretVersion(long secretId, String versionId, Instant createTime) {
		this.key = new Key(secretId, versionId);
		this.createTime = createTime;
	}

	// For JPA only.
	protected SecretVersion() {
	}

	/**
	 * A version's identity: its secret and its id within that secret.
	 */
	@Embeddable
	record Key(@Column(name = "secret_id") long secretId,
			@Column(name = "version_id") String versionId) implements Serializable {

	}

}
