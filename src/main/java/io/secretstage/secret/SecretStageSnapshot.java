package io.secretstage.secret;

import java.util.function.Consumer;
import java.util.stream.Stream;

import io.secretstage.stagecache.StageRow;
import io.secretstage.stagecache.StageSnapshot;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stages of every secret, read from a cursor in one read-only transaction, for the
 * stage cache's fill.
 */
@Component
class SecretStageSnapshot implements StageSnapshot {

	private final SecretRepository secrets;

	private final TransactionTemplate readOnly;

	SecretStageSnapshot(SecretRepository secrets, PlatformTransactionManager transactions) {
		this.secrets = secrets;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	@Override
	public void read(Consumer<Stream<StageRow>> reader) {
		this.readOnly.executeWithoutResult((transaction) -> {
			try (Stream<StageRow> rows = this.secrets.streamStages()) {
				reader.accept(rows);
			}
		});
	}

}
