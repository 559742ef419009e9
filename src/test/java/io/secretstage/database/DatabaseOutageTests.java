package io.secretstage.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.huaweicloud.sdk.core.exception.ServerResponseException;
import com.huaweicloud.sdk.csms.v1.CsmsClient;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretStageRequest;
import io.secretstage.ApiClient;
import io.secretstage.TestInstances;
import io.secretstage.accesskey.TestAccessKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The outage drill: eight clients read the current stage of four secrets while the
 * service's own PostgreSQL is stopped and started again, and a ninth keeps creating
 * secrets. While the database is down, reads the stage cache holds are answered from it
 * for {@code csms.stage-cache.max-stale} and fail after it; reads it does not hold and
 * writes fail at once (the database's circuit is open); readiness stays up; liveness
 * never depends on the database. After it, nothing that changed is served stale, and
 * every write either committed whole or not at all.
 */
@Tag("outage")
class DatabaseOutageTests {

	private static final Duration MAX_STALE = Duration.ofSeconds(4);

	/** The bound on a request that needs the database once its circuit is open. */
	private static final Duration FAIL_FAST = Duration.ofMillis(50);

	private static final int CLIENTS = 8;

	private static final int SECRETS = 4;

	@TempDir
	Path data;

	@Test
	void whileTheDatabaseIsDownCachedReadsAnswerTheRestFailsFastAndAfterItNothingIsStale() throws Exception {
		int databasePort = TestInstances.freePort();
		EmbeddedPostgres database = OwnPostgres.start(databasePort, this.data);
		String jdbcUrl = database.getJdbcUrl("postgres", "postgres");
		Map<String, Object> settings = TestInstances.settings(jdbcUrl, "postgres", "");
		settings.put("csms.stage-cache.max-stale", MAX_STALE.toMillis() + "ms");
		// No request is let through to try the database within the drill: the change
		// listener's attempts, one a second, find it back.
		settings.put("csms.database.circuit.open-for", "60s");
		try (ConfigurableApplicationContext service = TestInstances.start(settings)) {
			ApiClient api = new ApiClient(TestInstances.port(service));
			ApiClient management = new ApiClient(TestInstances.managementPort(service));
			for (int n = 0; n < SECRETS; n++) {
				api.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A, Map.of("name", "outage-" + n, "secret_string", "a"))
					.assertOk(200);
				for (int version = 2; version <= n + 1; version++) {
					api.post(secretPath(n) + "/versions", TOKEN_A, Map.of("secret_string", "b")).assertOk(200);
				}
			}
			TestAccessKey key = TestAccessKey.create(TestInstances.port(service), TOKEN_A, "user-a", PROJECT_A);
			CsmsClient sdk = key.client(TestInstances.port(service));
			ShowSecretStageRequest signedRead = new ShowSecretStageRequest().withSecretName("outage-0")
				.withStageName("SYSCURRENT");
			assertThat(sdk.showSecretStage(signedRead).getStage().getVersionId()).isEqualTo("v1");
			long createSecretRows = JdbcClient.create(database.getPostgresDatabase())
				.sql("select count(*) from audit_event where secret_name = 'outage-0' and operation = 'CreateSecret'")
				.query(Long.class)
				.single();

			StageReads load = new StageReads(TestInstances.port(service), CLIENTS, SECRETS,
					DatabaseOutageTests::secretPath);
			Writer writer = new Writer(api);
			load.start();
			writer.start();
			await().until(() -> load.count() > 2_000);

			long down = System.nanoTime();
			database.close();
			await().atMost(Duration.ofSeconds(5)).until(() -> metric(management, "csms_database_up").equals("0.0"));
			// Once untimed, so that the first time of each path (its classes, the JIT) is
			// not what is measured.
			api.get(secretPath(0) + "-warm-up/stages/SYSCURRENT", TOKEN_A).assertError(500, "CSMS.0500");
			api.put(secretPath(0) + "/stages/SYSCURRENT", TOKEN_A, Map.of("version_id", "v1"))
				.assertError(500, "CSMS.0500");
			List<Duration> failures = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				String neverRead = secretPath(i) + "-never-read/stages/SYSCURRENT";
				failures.add(timed(() -> api.get(neverRead, TOKEN_A).assertError(500, "CSMS.0500")));
				failures
					.add(timed(() -> api.put(secretPath(0) + "/stages/SYSCURRENT", TOKEN_A, Map.of("version_id", "v1"))
						.assertError(500, "CSMS.0500")));
			}
			// A signed read too: its access key is kept as the stages are.
			assertThat(sdk.showSecretStage(signedRead).getStage().getVersionId()).isEqualTo("v1");
			assertThat(management.get("/actuator/health/readiness", TOKEN_A).status()).isEqualTo(200);
			assertThat(management.get("/actuator/health", TOKEN_A).json().at("/components/db/status").asString())
				.isEqualTo("DOWN");
			// Past max-stale, the cached reads fail too, as fast.
			long staleUntil = down + MAX_STALE.toNanos();
			await().atMost(MAX_STALE.plusSeconds(5)).until(() -> load.failedSince(staleUntil));
			assertThatExceptionOfType(ServerResponseException.class).isThrownBy(() -> sdk.showSecretStage(signedRead))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("CSMS.0500"));
			assertThat(management.get("/actuator/health/readiness", TOKEN_A).status()).isEqualTo(200);
			ApiClient.Reply liveness = management.get("/actuator/health/liveness", TOKEN_A);

			long up = System.nanoTime();
			database = OwnPostgres.start(databasePort, this.data);
			JdbcClient sql = JdbcClient.create(database.getPostgresDatabase());
			// Changed straight in the database as it comes back, before the service
			// knows it is back: never served stale from then on.
			long changing = System.nanoTime();
			sql.sql("update secret_stage set version_id = 'v1' where name = 'SYSCURRENT' "
					+ "and secret_id = (select id from secret where name = 'outage-3')")
				.update();
			long changed = System.nanoTime();
			AtomicLong recovered = new AtomicLong();
			await().atMost(Duration.ofSeconds(15)).until(() -> {
				recovered.set(System.nanoTime());
				return "v1".equals(api.get(secretPath(3) + "/stages/SYSCURRENT", TOKEN_A)
					.json()
					.at("/stage/version_id")
					.asString());
			});
			await().until(() -> load.count() > load.countAt(recovered.get()) + 2_000);
			List<StageReads.Outcome> outcomes = load.stop();
			List<Write> writes = writer.stop();

			assertThat(liveness.status()).isEqualTo(200);
			assertThat(management.get("/actuator/health/readiness", TOKEN_A).status()).isEqualTo(200);
			assertThat(failures).allSatisfy((took) -> assertThat(took).isLessThan(FAIL_FAST));
			assertThat(outcomes).allSatisfy((outcome) -> {
				assertThat(outcome.failure()).isNull();
				// None waits out the pool's connection timeout (2 s).
				assertThat(outcome.took()).isLessThan(Duration.ofSeconds(2));
				if (outcome.status() == 500) {
					assertThat(outcome.answer()).isEqualTo("CSMS.0500");
					assertThat(outcome.start()).isBetween(staleUntil, recovered.get());
				}
				else {
					assertThat(outcome.status()).isEqualTo(200);
					String before = "v" + (outcome.secret() + 1);
					if (outcome.secret() != 3 || outcome.start() + outcome.took().toNanos() < changing) {
						assertThat(outcome.answer()).as("secret %d", outcome.secret()).isEqualTo(before);
					}
					else if (outcome.start() > changed) {
						assertThat(outcome.answer()).as("secret 3 after the change").isEqualTo("v1");
					}
					else {
						// In flight while the change was made: either is right.
						assertThat(outcome.answer()).as("secret 3 during the change").isIn(before, "v1");
					}
				}
			});
			assertThat(outcomes).filteredOn((outcome) -> outcome.start() > down && outcome.start() < staleUntil)
				.isNotEmpty()
				.allSatisfy((outcome) -> assertThat(outcome.status()).isEqualTo(200));
			// Each write committed whole (the secret, its version, its stage and its
			// audit
			// rows) or not at all; each one answered 200 committed.
			Map<String, Long> audited = new HashMap<>();
			sql.sql("select secret_name, count(*) from audit_event where secret_name like 'in-flight-%' "
					+ "group by secret_name")
				.query((RowCallbackHandler) (row) -> audited.put(row.getString(1), row.getLong(2)));
			Set<String> whole = new HashSet<>(sql
				.sql("select s.name from secret s join secret_stage st "
						+ "on st.secret_id = s.id and st.name = 'SYSCURRENT' and st.version_id = 'v1' "
						+ "join secret_version v on v.secret_id = s.id and v.version_id = 'v1' "
						+ "where s.name like 'in-flight-%'")
				.query(String.class)
				.list());
			assertThat(sql.sql("select count(*) from secret where name like 'in-flight-%'").query(Long.class).single())
				.isEqualTo(whole.size());
			assertThat(writes).filteredOn((write) -> write.status() == 500).isNotEmpty();
			assertThat(writes).allSatisfy((write) -> {
				if (write.status() == 200) {
					assertThat(whole).contains(write.name());
				}
				assertThat(audited.getOrDefault(write.name(), 0L)).as(write.name())
					.isEqualTo(whole.contains(write.name()) ? createSecretRows : 0);
			});
			System.out.println(Drill.report(outcomes, writes, down, staleUntil, up, recovered.get()));
			System.out.printf("  uncached reads and writes while the circuit was open: %d, each 500, slowest %d ms%n",
					failures.size(), failures.stream().max(Duration::compareTo).orElseThrow().toMillis());

			// And the cache is in use again: a second read of a secret takes no SQL.
			Statistics statistics = service.getBean(EntityManagerFactory.class)
				.unwrap(SessionFactory.class)
				.getStatistics();
			api.get(secretPath(1) + "/stages/SYSCURRENT", TOKEN_A).assertOk(200);
			long afterFirstRead = statistics.getPrepareStatementCount();
			api.get(secretPath(1) + "/stages/SYSCURRENT", TOKEN_A).assertOk(200);
			assertThat(statistics.isStatisticsEnabled()).isTrue();
			assertThat(statistics.getPrepareStatementCount()).isEqualTo(afterFirstRead);
		}
		finally {
			database.close();
		}
	}

	private static Duration timed(Runnable request) {
		long start = System.nanoTime();
		request.run();
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static String metric(ApiClient management, String name) {
		return management.get("/actuator/prometheus", TOKEN_A)
			.body()
			.lines()
			.filter((line) -> line.startsWith(name + " "))
			.map((line) -> line.substring(name.length() + 1))
			.findFirst()
			.orElse("none");
	}

	private static String secretPath(int n) {
		return "/v1/" + PROJECT_A + "/secrets/outage-" + n;
	}

	/** One CreateSecret of the writer: the secret's name and the answer's status. */
	record Write(String name, long start, int status) {

	}

	/** The drill's figures, phase by phase. */
	static final class Drill {

		static String report(List<StageReads.Outcome> outcomes, List<Write> writes, long down, long staleUntil, long up,
				long recovered) {
			StringBuilder report = new StringBuilder("Database outage drill (").append(CLIENTS)
				.append(" clients reading cached stages, max-stale ")
				.append(MAX_STALE.toSeconds())
				.append(" s):\n");
			phase(report, "before", outcomes, (outcome) -> outcome.start() < down);
			phase(report, "down, within max-stale", outcomes,
					(outcome) -> outcome.start() >= down && outcome.start() < staleUntil);
			phase(report, "down, past max-stale", outcomes,
					(outcome) -> outcome.start() >= staleUntil && outcome.start() < up);
			phase(report, "starting again", outcomes,
					(outcome) -> outcome.start() >= up && outcome.start() < recovered);
			phase(report, "back", outcomes, (outcome) -> outcome.start() >= recovered);
			report.append(String.format(
					"  writes: %d, %d committed, %d refused with 500; back %d ms after the " + "database was started%n",
					writes.size(), writes.stream().filter((w) -> w.status() == 200).count(),
					writes.stream().filter((w) -> w.status() == 500).count(), (recovered - up) / 1_000_000));
			return report.toString();
		}

		private static void phase(StringBuilder report, String name, List<StageReads.Outcome> outcomes,
				Predicate<StageReads.Outcome> in) {
			List<StageReads.Outcome> phase = outcomes.stream().filter(in).toList();
			if (phase.isEmpty()) {
				return;
			}
			double seconds = Math.max(1e-3, (phase.getLast().start() - phase.getFirst().start()) / 1e9);
			Duration slowest = phase.stream()
				.map(StageReads.Outcome::took)
				.max(Duration::compareTo)
				.orElse(Duration.ZERO);
			report.append(String.format("  %-22s %6.0f requests/s, %d answered 200, %d answered 500, slowest %d ms%n",
					name, phase.size() / seconds, phase.stream().filter((o) -> o.status() == 200).count(),
					phase.stream().filter((o) -> o.status() == 500).count(), slowest.toMillis()));
		}

	}

	/** A client that creates secrets one after the other, until stopped. */
	private static final class Writer {

		private static final Duration PACE = Duration.ofMillis(50);

		private final ApiClient api;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());

		private final ExecutorService client = Executors.newVirtualThreadPerTaskExecutor();

		Writer(ApiClient api) {
			this.api = api;
		}

		void start() {
			this.client.submit(() -> {
				for (int n = 0; this.running.get(); n++) {
					String name = "in-flight-" + n;
					long start = System.nanoTime();
					int status = this.api
						.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A, Map.of("name", name, "secret_string", "w"))
						.status();
					this.writes.add(new Write(name, start, status));
					// Paced, some twenty a second: the drill is about reads.
					LockSupport.parkNanos(PACE.toNanos());
				}
			});
		}

		List<Write> stop() {
			this.running.set(false);
			this.client.close();
			return List.copyOf(this.writes);
		}

	}

}
