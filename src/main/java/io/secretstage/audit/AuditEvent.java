package io.secretstage.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One recorded change.
 */
@Entity
@Table(name = "audit_event")
class AuditEvent {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "occurred_at", nullable = false, updatable = false)
	private Instant occurredAt;

	@Column(name = "request_id", updatable = false)
	private @Nullable String requestId;

	@Column(name = "service_request_id", updatable = false)
	private @Nullable String serviceRequestId;

	@Column(name = "client_address", updatable = false)
	private @Nullable String clientAddress;

	@Column(name = "user_id", nullable = false, updatable = false)
	private String userId;

	@Column(name = "project_id", nullable = false, updatable = false)
	private String projectId;

	@Column(nullable = false, updatable = false)
	private String operation;

	@Column(name = "secret_name", nullable = false, updatable = false)
	private String secretName;

	@Column(name = "version_id", updatable = false)
	private @Nullable String versionId;

	@Column(name = "stage_name", updatable = false)
	private @Nullable String stageName;

	@Column(name = "from_version_id", updatable = false)
	private @Nullable String fromVersionId;

	AuditEvent(Instant occurredAt, @Nullable String requestId, @Nullable String serviceRequestId,
			@Nullable String clientAddress, String userId, String projectId, AuditLog.Change change) {
		this.occurredAt = occurredAt;
		this.requestId = requestId;
		this.serviceRequestId = serviceRequestId;
		// A trusted proxy forwards what it was sent; the column holds any IPv6 address.
		this.clientAddress = (clientAddress != null && clientAddress.length() > 45) ? clientAddress.substring(0, 45)
				: clientAddress;
		this.userId = userId;
		this.projectId = projectId;
		this.operation = change.operation();
		this.secretName = change.secretName();
		this.versionId = change.versionId();
		this.stageName = change.stageName();
		this.fromVersionId = change.fromVersionId();
	}

	// For JPA only.
	protected AuditEvent() {
	}

}
