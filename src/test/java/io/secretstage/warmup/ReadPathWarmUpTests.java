package io.secretstage.warmup;

import java.io.IOException;
import java.util.Optional;

import io.secretstage.TestInstances;
import io.secretstage.TestLogs;
import io.secretstage.stagecache.StageCacheFill;
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
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests that without a stage to read, or when a read fails, an instance starts all the
 * same; unit tests of {@link ReadPathWarmUp}, without a Spring context.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadPathWarmUpTests {

	@Test
	void noWarmUpWhenTurnedOff() {
		AnyStage stages = mock();

		warmUp(0, stages, mock(), "8080").run(new DefaultApplicationArguments());

		verifyNoInteractions(stages);
	}

	@Test
	void noWarmUpWithNoStageToRead(CapturedOutput output) {
		AnyStage stages = mock();
		given(stages.find()).willReturn(Optional.empty());

		warmUp(10, stages, mock(), "8080").run(new DefaultApplicationArguments());

		assertThat(TestLogs.flushed(output)).contains("No warm-up: there is no stage to read yet");
	}

	@Test
	void noWarmUpWhenTheDatabaseCannotBeRead(CapturedOutput output) {
		AnyStage stages = mock();
		given(stages.find()).willThrow(new DataAccessResourceFailureException("the database is down"));

		warmUp(10, stages, mock(), "8080").run(new DefaultApplicationArguments());

		assertThat(TestLogs.flushed(output)).contains("No warm-up: no stage could be read (the database is down)");
	}

	@Test
	void aReadThatFailsEndsTheWarmUpAndTheStartGoesOn(CapturedOutput output) throws IOException {
		AnyStage stages = mock();
		given(stages.find()).willReturn(Optional.of(new AnyStage.StagePath(PROJECT_A, "any", "SYSCURRENT")));
		WarmUpCredentials credentials = mock();
		given(credentials.issue(PROJECT_A)).willReturn("warm-up-token-0123456789abcdef0123456789");

		// Nothing listens on the port: the first read fails, and run() returns.
		warmUp(10, stages, credentials, String.valueOf(TestInstances.freePort()))
			.run(new DefaultApplicationArguments());

		assertThat(TestLogs.flushed(output)).contains("The warm-up stopped after 0 requests");
		verify(credentials).revoke();
	}

	@Test
	void aFillThatDoesNotEndInTimeDoesNotHoldTheWarmUpBack(CapturedOutput output) throws Exception {
		AnyStage stages = mock();
		given(stages.find()).willReturn(Optional.of(new AnyStage.StagePath(PROJECT_A, "any", "SYSCURRENT")));
		WarmUpCredentials credentials = mock();
		given(credentials.issue(PROJECT_A)).willReturn("warm-up-token-0123456789abcdef0123456789");
		StageCacheFill fill = mock();
		given(fill.awaitFirstFill(any())).willReturn(false);
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("fill", fill);

		new ReadPathWarmUp(new WarmUpProperties(10, 2, 0), stages, credentials,
				new MockEnvironment().withProperty("local.server.port", String.valueOf(TestInstances.freePort())),
				beans.getBeanProvider(StageCacheFill.class))
			.run(new DefaultApplicationArguments());

		// It warmed up all the same: its first read went out (and found nothing
		// listening).
		assertThat(TestLogs.flushed(output)).contains("The stage cache is still being filled; warming up all the same")
			.contains("The warm-up stopped after 0 requests");
	}

	private static ReadPathWarmUp warmUp(int requests, AnyStage stages, WarmUpCredentials credentials, String port) {
		return new ReadPathWarmUp(new WarmUpProperties(requests, 2, 0), stages, credentials,
				new MockEnvironment().withProperty("local.server.port", port),
				new StaticListableBeanFactory().getBeanProvider(StageCacheFill.class));
	}

}
