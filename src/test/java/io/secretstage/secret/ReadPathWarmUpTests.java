package io.secretstage.secret;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import io.secretstage.TestInstances;
import io.secretstage.TestLogs;
import io.secretstage.identity.WarmUpCredentials;
import io.secretstage.stagecache.StageCacheFill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests that an instance reads itself over HTTP before it is ready, and keeps those reads
 * out of its access log and request metrics while a caller's read is in both; and that
 * without a stage to read, or when a read fails, it starts all the same.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class ReadPathWarmUpTests {

	private static final String ROUTE = "/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}";

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcConnectionDetails database;

	@Test
	void anInstanceWarmsUpBeforeItStartsWithReadsOfItsOwn(CapturedOutput output) {
		String name = "warm-up-" + UUID.randomUUID();
		new ApiClient(this.client)
			.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A, Map.of("name", name, "secret_string", "one"))
			.assertOk(200);
		Map<String, Object> settings = TestInstances.settings(this.database.getJdbcUrl(), this.database.getUsername(),
				String.valueOf(this.database.getPassword()));
		settings.put("csms.warm-up.requests", "300");
		settings.put("csms.warm-up.connections", "3");
		settings.put("csms.warm-up.collections", "0");
		settings.put("logging.level.io.secretstage.access", "info");

		try (ConfigurableApplicationContext instance = TestInstances.start(settings)) {
			// start() returns once the runners are done: the warm-up came first.
			assertThat(TestLogs.flushed(output)).contains("Warmed up the read path with 300 requests and ")
				.doesNotContain("csms-warm-up");
			MeterRegistry meters = instance.getBean(MeterRegistry.class);
			assertThat(meters.find("http.server.requests").tag("uri", ROUTE).timers()).isEmpty();

			new ApiClient(TestInstances.port(instance))
				.get("/v1/" + PROJECT_A + "/secrets/" + name + "/stages/SYSCURRENT", TOKEN_A)
				.assertOk(200);

			assertThat(meters.get("http.server.requests").tag("uri", ROUTE).timer().count()).isOne();
			assertThat(TestLogs.flushed(output)).contains("/secrets/" + name + "/stages/SYSCURRENT 200");
		}
	}

	@Test
	void noWarmUpWhenTurnedOff() {
		SecretStageRepository stages = mock();

		warmUp(0, stages, mock(), "8080").run(new DefaultApplicationArguments());

		verifyNoInteractions(stages);
	}

	@Test
	void noWarmUpWithNoStageToRead(CapturedOutput output) {
		SecretStageRepository stages = mock();
		given(stages.findAnyStage()).willReturn(Optional.empty());

		warmUp(10, stages, mock(), "8080").run(new DefaultApplicationArguments());

		assertThat(TestLogs.flushed(output)).contains("No warm-up: there is no stage to read yet");
	}

	@Test
	void noWarmUpWhenTheDatabaseCannotBeRead(CapturedOutput output) {
		SecretStageRepository stages = mock();
		given(stages.findAnyStage()).willThrow(new DataAccessResourceFailureException("the database is down"));

		warmUp(10, stages, mock(), "8080").run(new DefaultApplicationArguments());

		assertThat(TestLogs.flushed(output)).contains("No warm-up: no stage could be read (the database is down)");
	}

	@Test
	void aReadThatFailsEndsTheWarmUpAndTheStartGoesOn(CapturedOutput output) throws IOException {
		SecretStageRepository stages = mock();
		SecretStageRepository.StagePath stage = mock();
		given(stage.getProjectId()).willReturn(PROJECT_A);
		given(stage.getSecretName()).willReturn("any");
		given(stage.getStageName()).willReturn("SYSCURRENT");
		given(stages.findAnyStage()).willReturn(Optional.of(stage));
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
		SecretStageRepository stages = mock();
		SecretStageRepository.StagePath stage = mock();
		given(stage.getProjectId()).willReturn(PROJECT_A);
		given(stage.getSecretName()).willReturn("any");
		given(stage.getStageName()).willReturn("SYSCURRENT");
		given(stages.findAnyStage()).willReturn(Optional.of(stage));
		WarmUpCredentials credentials = mock();
		given(credentials.issue(PROJECT_A)).willReturn("warm-up-token-0123456789abcdef0123456789");
		StageCacheFill fill = mock();
		given(fill.awaitFirstFill(any())).willReturn(false);
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("fill", fill);

		new ReadPathWarmUp(new ReadPathWarmUp.WarmUpProperties(10, 2, 0), stages, credentials,
				new MockEnvironment().withProperty("local.server.port", String.valueOf(TestInstances.freePort())),
				beans.getBeanProvider(StageCacheFill.class))
			.run(new DefaultApplicationArguments());

		// It warmed up all the same: its first read went out (and found nothing
		// listening).
		assertThat(TestLogs.flushed(output)).contains("The stage cache is still being filled; warming up all the same")
			.contains("The warm-up stopped after 0 requests");
	}

	@Test
	void theWarmUpSendsItsRequestsThenGoesOnUntilTheCollectorHasRunEnough() {
		AtomicLong collections = new AtomicLong(7);
		ReadPathWarmUp.Budget budget = new ReadPathWarmUp.Budget(new ReadPathWarmUp.WarmUpProperties(3, 1, 2),
				collections::get);

		assertThat(taken(budget, 10)).isEqualTo(10);
		collections.incrementAndGet();
		assertThat(taken(budget, 10)).isEqualTo(10);
		collections.incrementAndGet();

		assertThat(budget.next()).isFalse();
		assertThat(budget.collectionsSoFar()).isEqualTo(2);
	}

	@Test
	void theWarmUpEndsAfterItsRequestsWhenTheCollectorHasRunEnoughMeanwhile() {
		AtomicLong collections = new AtomicLong();
		ReadPathWarmUp.Budget budget = new ReadPathWarmUp.Budget(new ReadPathWarmUp.WarmUpProperties(3, 1, 2),
				collections::get);

		assertThat(taken(budget, 2)).isEqualTo(2);
		collections.set(2);

		assertThat(taken(budget, 100)).isOne();
	}

	@Test
	void theWarmUpSendsAtMostTwentyTimesItsRequests() {
		ReadPathWarmUp.Budget budget = new ReadPathWarmUp.Budget(new ReadPathWarmUp.WarmUpProperties(3, 1, 2), () -> 0);

		assertThat(taken(budget, 1000)).isEqualTo(3 * ReadPathWarmUp.Budget.MAX_PER_REQUEST);
	}

	@Test
	void aStoppedWarmUpSendsNothingMore() {
		ReadPathWarmUp.Budget budget = new ReadPathWarmUp.Budget(new ReadPathWarmUp.WarmUpProperties(3, 1, 0), () -> 0);
		budget.stop();

		assertThat(budget.next()).isFalse();
	}

	/**
	 * How many of {@code tries} reads the budget lets through, stopping at the first
	 * refused.
	 */
	private static int taken(ReadPathWarmUp.Budget budget, int tries) {
		int taken = 0;
		while (taken < tries && budget.next()) {
			taken++;
		}
		return taken;
	}

	private static ReadPathWarmUp warmUp(int requests, SecretStageRepository stages, WarmUpCredentials credentials,
			String port) {
		return new ReadPathWarmUp(new ReadPathWarmUp.WarmUpProperties(requests, 2, 0), stages, credentials,
				new MockEnvironment().withProperty("local.server.port", port),
				new StaticListableBeanFactory().getBeanProvider(StageCacheFill.class));
	}

}
