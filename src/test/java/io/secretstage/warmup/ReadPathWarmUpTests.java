package io.secretstage.warmup;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import io.secretstage.TestInstances;
import io.secretstage.TestLogs;
import io.secretstage.stagecache.StageCacheFill;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.env.MockEnvironment;

import static io.secretstage.TestTokens.PROJECT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * Tests that without a stage to read, or when a read fails, an instance starts all the
 * same; unit tests of {@link ReadPathWarmUp}, without a Spring context.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadPathWarmUpTests {

	private static final AnyStage ONE_STAGE = () -> Optional.of(new AnyStage.StagePath(PROJECT_A, "any", "SYSCURRENT"));

	private final WarmUpCredentials credentials = new WarmUpCredentials(Set.of());

	@Test
	void noWarmUpWhenTurnedOff() {
		AnyStage unread = () -> {
			throw new AssertionError("A warm-up that is off reads no stage");
		};

		warmUp(0, unread, this.credentials, "8080", null).run(new DefaultApplicationArguments());
	}

	@Test
	void noWarmUpWithNoStageToRead(CapturedOutput output) {
		warmUp(10, Optional::empty, this.credentials, "8080", null).run(new DefaultApplicationArguments());

		assertThat(TestLogs.flushed(output)).contains("No warm-up: there is no stage to read yet");
	}

	@Test
	void noWarmUpWhenTheDatabaseCannotBeRead(CapturedOutput output) {
		AnyStage down = () -> {
			throw new DataAccessResourceFailureException("the database is down");
		};

		warmUp(10, down, this.credentials, "8080", null).run(new DefaultApplicationArguments());

		assertThat(TestLogs.flushed(output)).contains("No warm-up: no stage could be read (the database is down)");
	}

	@Test
	void aReadThatFailsEndsTheWarmUpAndTheStartGoesOn(CapturedOutput output) throws IOException {
		WarmUpCredentials credentials = mock();
		given(credentials.issue(PROJECT_A)).willReturn("warm-up-token-0123456789abcdef0123456789");

		// Nothing listens on the port: the first read fails, and run() returns.
		warmUp(10, ONE_STAGE, credentials, String.valueOf(TestInstances.freePort()), null)
			.run(new DefaultApplicationArguments());

		assertThat(TestLogs.flushed(output)).contains("The warm-up stopped after 0 requests");
		verify(credentials).revoke();
	}

	@Test
	void aFillThatDoesNotEndInTimeDoesNotHoldTheWarmUpBack(CapturedOutput output) throws Exception {
		StageCacheFill fill = mock();
		given(fill.awaitFirstFill(any())).willReturn(false);

		warmUp(10, ONE_STAGE, this.credentials, String.valueOf(TestInstances.freePort()), fill)
			.run(new DefaultApplicationArguments());

		// It warmed up all the same: its first read went out (and found nothing
		// listening).
		assertThat(TestLogs.flushed(output)).contains("The stage cache is still being filled; warming up all the same")
			.contains("The warm-up stopped after 0 requests");
	}

	private static ReadPathWarmUp warmUp(int requests, AnyStage stages, WarmUpCredentials credentials, String port,
			@Nullable StageCacheFill fill) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		if (fill != null) {
			beans.addBean("fill", fill);
		}
		return new ReadPathWarmUp(new WarmUpProperties(requests, 2, 0), stages, credentials,
				new MockEnvironment().withProperty("local.server.port", port),
				beans.getBeanProvider(StageCacheFill.class));
	}

}
