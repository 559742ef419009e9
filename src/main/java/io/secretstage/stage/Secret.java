package io.secretstage.stage;

import java.time.Instant;

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

	@Column(name = "project_id", nullable = false, updatable = false)
	private String projectId;

	@Column(nullable = false, updatable = false)
	private String name;

	@Column(name = "create_time", nullable = false, updatable = false)
	private Instant createTime;

	@Column(name = "update_time", nullable = false)
	private Instant updateTime;

	Secret(String projectId, String name, Instant createTime) {
		this.projectId = projectId;
		this.name = name;
		this.createTime = createTime;
		this.updateTime = createTime;
	}

	// For JPA only.
	protected Secret() {
	}

	@Nullable Long getId() {
		return this.id;
	}

}
