package io.secretstage.secret;

import java.time.Clock;

import io.secretstage.TestLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link SecretPurge} without a database: a run that cannot reach it waits for
 * the next one, with one line in the log rather than a failed scheduled task.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretPurgeTests {

	@Test
	void runWhenTheDatabaseCannotBeReachedThenOneWarningAndNoFailure(CapturedOutput output) {
		SecretRepository secrets = mock();
		PlatformTransactionManager transactions = mock();
		given(transactions.getTransaction(any()))
			.willThrow(new CannotCreateTransactionException("no connection", new IllegalStateException("refused")));
		SecretPurge purge = new SecretPurge(secrets, mock(), Clock.systemUTC(), transactions);

		assertThatNoException().isThrownBy(purge::run);

		verifyNoInteractions(secrets);
		assertThat(TestLogs.flushed(output)).contains("Could not purge the secrets due for deletion (refused)")
			.doesNotContain("\tat ");
	}

}
