package io.secretstage.secret;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.secretstage.observability.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the secrets whose scheduled deletion time has come, with their versions and
 * stages, each audited as {@code PurgeSecret}. Every instance runs it; several at once
 * purge each secret once: each takes the due rows with {@code FOR UPDATE SKIP LOCKED}, so
 * it skips those another holds, and a row it finds deleted meanwhile no longer matches.
 * Why a row lock rather than a lock library such as ShedLock: the lock is the row being
 * purged, in the transaction that deletes it, so no instance can purge a secret twice nor
 * stall the others, and there is no lock table to keep or lease to time out.
 * <p>
 * Callers do not wait for it: a secret is gone for every operation from its deletion time
 * on, purged or not ({@link Secret#isGoneAt}), and a new secret may take its name at once
 * (CreateSecret purges the old one first).
 */
class SecretPurge implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(SecretPurge.class);

	/** How many secrets one transaction purges at most. */
	static final int BATCH = 100;

	private final SecretRepository secrets;

	private final SecretWrites writes;

	private final Clock clock;

	private final TransactionTemplate transaction;

	SecretPurge(SecretRepository secrets, SecretWrites writes, Clock clock, PlatformTransactionManager transactions) {
		this.secrets = secrets;
		this.writes = writes;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Purge the due secrets; a database that cannot be reached waits for the next run.
	 */
	@Override
	public void run() {
		try {
			purgeDue();
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Could not purge the secrets due for deletion ({}); trying again at the next run",
					ex.getMostSpecificCause().getMessage());
		}
	}

	/**
	 * Purge every secret whose deletion time has come, {@value #BATCH} to a transaction.
	 * @return how many secrets this call purged
	 */
	int purgeDue() {
		return RequestIds.ownWork(() -> {
			int purged = 0;
			int batch;
			do {
				batch = this.transaction.execute((status) -> {
					Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
					List<Secret> due = this.secrets.lockDue(now, BATCH);
					due.forEach((secret) -> this.writes.purge(secret, now));
					return due.size();
				});
				purged += batch;
			}
			while (batch == BATCH);
			if (purged > 0) {
				logger.info("Purged {} secrets whose scheduled deletion time had come", purged);
			}
			return purged;
		});
	}

}
