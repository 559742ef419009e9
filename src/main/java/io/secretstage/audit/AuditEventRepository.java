package io.secretstage.audit;

import org.springframework.data.repository.Repository;

/**
 * The audit trail; append only.
 */
interface AuditEventRepository extends Repository<AuditEvent, Long> {

	AuditEvent save(AuditEvent event);

}
