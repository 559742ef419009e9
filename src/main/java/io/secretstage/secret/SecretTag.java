package io.secretstage.secret;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A tag of a secret: one value per key. The project is the secret's, repeated for the
 * index that ListResourceInstances searches.
 */
@Entity
@Table(name = "secret_tag")
class SecretTag {

	@EmbeddedId
	private Key key;

	@Column(name = "project_id", nullable = false, updatable = false)
	private String projectId;

	@Column(name = "tag_value", nullable = false)
	private String value;

	SecretTag(Secret secret, String key, String value) {
		this.key = new Key(secret.getId(), key);
		this.projectId = secret.getProjectId();
		this.value = value;
	}

	// For JPA only.
	protected SecretTag() {
	}

	long getSecretId() {
		return this.key.secretId();
	}

	String getKey() {
		return this.key.tagKey();
	}

	String getValue() {
		return this.value;
	}

	void setValue(String value) {
		this.value = value;
	}

	/**
	 * A tag's identity: its secret and its key within that secret.
	 *
	 * @param secretId the database id of the secret
	 * @param tagKey the tag's key
	 */
	@Embeddable
	record Key(@Column(name = "secret_id") long secretId,
			@Column(name = "tag_key") String tagKey) implements Serializable {

	}

}
