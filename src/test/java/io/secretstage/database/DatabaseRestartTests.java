package io.secretstage.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.secretstage.ApiClient;
import io.secretstage.TestInstances;
import io.secretstage.TestLogs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restart drill: eight clients read the current stage of four cached secrets while
 * the service's own PostgreSQL is stopped at once ({@code pg_ctl stop -m immediate}: no
 * checkpoint, every connection cut), left down a few seconds and started again (crash
 * recovery first, refusing connections meanwhile). Not one read fails, before, during or
 * after: the entries held answer while the database does not, also once the change
 * listener is back and before the pool's connections are. A write in flight at the stop
 * is answered 500 and logged as the database being unavailable; writes come back as soon
 * as the database takes connections through the pool, long before the circuit's time open
 * (a minute here) is over.
 */
@Tag("outage")
@ExtendWith(OutputCaptureExtension.class)
class DatabaseRestartTests {

	private static final int CLIENTS = 8;

	private static final int SECRETS = 4;

	private static final Duration DOWN = Duration.ofSeconds(3);

	@TempDir
	Path data;

	@Test
	void noCachedReadFailsWhenTheDatabaseStopsAtOnceAndStartsAgainAndWritesComeBackWithIt(CapturedOutput output)
			throws Exception {
		int databasePort = TestInstances.freePort();
		EmbeddedPostgres database = OwnPostgres.start(databasePort, this.data);
		Map<String, Object> settings = TestInstances.settings(database.getJdbcUrl("postgres", "postgres"), "postgres",
				"");
		settings.put("csms.database.circuit.open-for", "60s");
		try (ConfigurableApplicationContext service = TestInstances.start(settings)) {
			ApiClient api = new ApiClient(TestInstances.port(service));
			ApiClient management = new ApiClient(TestInstances.managementPort(service));
			for (int n = 0; n < SECRETS; n++) {
				api.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A, Map.of("name", "restart-" + n, "secret_string", "a"))
					.assertOk(200);
			}
			StageReads reads = new StageReads(TestInstances.port(service), CLIENTS, SECRETS,
					DatabaseRestartTests::secretPath);
			reads.start();
			await().until(() -> reads.count() > 2_000);

			// A write in flight at the stop: it waits for the secret's row, locked here.
			CompletableFuture<ApiClient.Reply> inFlight;
			try (Connection holder = database.getPostgresDatabase().getConnection()) {
				holder.setAutoCommit(false);
				try (Statement lock = holder.createStatement()) {
					lock.execute("select 1 from secret where name = 'restart-0' for update");
				}
				inFlight = CompletableFuture.supplyAsync(
						() -> api.post(secretPath(0) + "/versions", TOKEN_A, Map.of("secret_string", "in flight")));
				JdbcClient sql = JdbcClient.create(database.getPostgresDatabase());
				await().until(() -> sql.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")
					.query(Long.class)
					.single() == 1);

				OwnPostgres.stopAtOnce(this.data);
			}
			// Its lock on the data directory (it cannot stop what is stopped already).
			database.close();
			long down = System.nanoTime();
			inFlight.get(10, TimeUnit.SECONDS).assertError(500, "CSMS.0500");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> management.get("/actuator/health", TOKEN_A).json().at("/components/db/status").asString(),
						"DOWN"::equals);
			await().atMost(DOWN.plusSeconds(5)).until(() -> System.nanoTime() - down > DOWN.toNanos());

			database = OwnPostgres.start(databasePort, this.data);
			long up = System.nanoTime();
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> api
					.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A,
							Map.of("name", "back-" + UUID.randomUUID(), "secret_string", "b"))
					.status(), (status) -> status == 200);
			long writable = System.nanoTime();
			await().until(() -> reads.count() > reads.countAt(writable) + 2_000);
			List<StageReads.Outcome> outcomes = reads.stop();

			System.out.printf(
					"Database restart drill: %d reads, %d during the %d s down and the start; writes back %d ms after "
							+ "the database was started%n",
					outcomes.size(),
					outcomes.stream().filter((outcome) -> outcome.start() > down && outcome.start() < writable).count(),
					DOWN.toSeconds(), (writable - up) / 1_000_000);
			assertThat(outcomes).filteredOn((outcome) -> outcome.start() > down && outcome.start() < writable)
				.hasSizeGreaterThan(100);
			assertThat(outcomes).allSatisfy((outcome) -> {
				assertThat(outcome.failure()).isNull();
				assertThat(outcome.status()).as(outcome.toString()).isEqualTo(200);
				assertThat(outcome.answer()).isEqualTo("v1");
				// None waited out the pool's connection timeout (2 s).
				assertThat(outcome.took()).isLessThan(Duration.ofSeconds(2));
			});
			assertThat(Duration.ofNanos(writable - up)).isLessThan(Duration.ofSeconds(5));
			assertThat(management.get("/actuator/health", TOKEN_A).json().at("/components/db/status").asString())
				.isEqualTo("UP");
			String logged = TestLogs.flushed(output);
			assertThat(logged).contains("Database unavailable for POST " + secretPath(0) + "/versions")
				.doesNotContain("Unexpected failure")
				.doesNotContain("rollback");
		}
		finally {
			database.close();
		}
	}

	private static String secretPath(int n) {
		return "/v1/" + PROJECT_A + "/secrets/restart-" + n;
	}

}
