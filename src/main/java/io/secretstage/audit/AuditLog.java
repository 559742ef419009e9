package io.secretstage.audit;

import java.time.Instant;

import io.secretstage.identity.CallerIdentity;
import io.secretstage.observability.RequestIds;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records changes in the audit trail, each with the request's ids and its client's
 * address. It joins the caller's transaction and refuses to run without one, so a change
 * and its record are committed or rolled back together.
 */
@Component
public class AuditLog {

	private final AuditEventRepository events;

	AuditLog(AuditEventRepository events) {
		this.events = events;
	}

	/**
	 * Record a change made by the caller in the current request.
	 * @param caller who made it
	 * @param projectId the project it was made in
	 * @param change what changed
	 * @param now when
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(CallerIdentity caller, String projectId, Change change, Instant now) {
		this.events.save(new AuditEvent(now, RequestIds.current(), RequestIds.service(), RequestIds.clientAddress(),
				caller.userId(), projectId, change));
	}

	/**
	 * What changed.
	 *
	 * @param operation the API operation, such as {@code UpdateSecretStage}
	 * @param secretName the secret
	 * @param versionId the version made, or that a stage now points at
	 * @param stageName the stage that moved, was set or was deleted
	 * @param fromVersionId the version the stage pointed at before
	 */
	public record Change(String operation, String secretName, @Nullable String versionId, @Nullable String stageName,
			@Nullable String fromVersionId) {

	}

}
