package io.secretstage.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.huaweicloud.sdk.core.exception.ServerResponseException;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretStageRequest;
import io.secretstage.ApiClient;
import io.secretstage.TestInstances;
import io.secretstage.accesskey.TestAccessKey;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that the service fails fast while its database is down, says so in readiness but
 * not in liveness, and recovers by itself when the database is back. The database is a
 * PostgreSQL of this test's own, stopped and started again under load.
 */
class DatabaseOutageTests {

	/** The configured bound on a request while the database is down. */
	private static final Duration FAIL_FAST = Duration.ofSeconds(2);

	/** What this slow machine may add to that bound: the rest of the request. */
	private static final Duration SLACK = Duration.ofMillis(1500);

	private static final int CLIENTS = 8;

	private static final int SECRETS = 4;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@TempDir
	Path data;

	@Test
	void whileTheDatabaseIsDownRequestsFailFastAndAfterItTheServiceRecoversByItself() throws Exception {
		int databasePort = TestInstances.freePort();
		EmbeddedPostgres database = startDatabase(databasePort);
		String jdbcUrl = database.getJdbcUrl("postgres", "postgres");
		try (ConfigurableApplicationContext service = TestInstances.start(jdbcUrl, "postgres", "")) {
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

			Load load = new Load(TestInstances.port(service));
			load.start();
			Thread.sleep(3_000);

			long down = System.nanoTime();
			database.close();
			assertThat(until(() -> management.get("/actuator/health/readiness", TOKEN_A).status() == 503))
				.isLessThan(Duration.ofSeconds(10));
			ApiClient.Reply liveness = management.get("/actuator/health/liveness", TOKEN_A);
			api.put(secretPath(0) + "/stages/SYSCURRENT", TOKEN_A, Map.of("version_id", "v1"))
				.assertError(500, "CSMS.0500");
			// A signed request needs its key from the database now that nothing is
			// cached.
			assertThatExceptionOfType(ServerResponseException.class)
				.isThrownBy(
						() -> key.client(TestInstances.port(service))
							.showSecretStage(new ShowSecretStageRequest().withSecretName("outage-0")
								.withStageName("SYSCURRENT")))
				.satisfies((ex) -> {
					assertThat(ex.getHttpStatusCode()).isEqualTo(500);
					assertThat(ex.getErrorCode()).isEqualTo("CSMS.0500");
				});
			Thread.sleep(4_000);

			long up = System.nanoTime();
			database = startDatabase(databasePort);
			Duration recovered = until(() -> load.lastSuccessAfter(up));
			Thread.sleep(3_000);
			List<Outcome> outcomes = load.stop();

			assertThat(liveness.status()).isEqualTo(200);
			assertThat(until(() -> management.get("/actuator/health/readiness", TOKEN_A).status() == 200))
				.isLessThan(Duration.ofSeconds(10));
			report(outcomes, down, up, recovered);
			assertThat(outcomes).allSatisfy((outcome) -> {
				assertThat(outcome.failure()).isNull();
				assertThat(outcome.took()).isLessThan(FAIL_FAST.plus(SLACK));
				if (outcome.status() == 200) {
					assertThat(outcome.answer()).isEqualTo("v" + (outcome.secret() + 1));
				}
				else {
					assertThat(outcome.status()).isEqualTo(500);
					assertThat(outcome.answer()).isEqualTo("CSMS.0500");
					assertThat(outcome.start()).isBetween(down - FAIL_FAST.toNanos(),
							up + recovered.plus(FAIL_FAST).toNanos());
				}
			});
			assertThat(outcomes).filteredOn((outcome) -> outcome.status() == 500).isNotEmpty();
			assertThat(recovered).isLessThan(Duration.ofSeconds(15));

			// Back up, the cache is fresh: a change made in the database straight away is
			// read within a second...
			JdbcClient.create(database.getPostgresDatabase())
				.sql("update secret_stage set version_id = 'v1' where name = 'SYSCURRENT' "
						+ "and secret_id = (select id from secret where name = 'outage-3')")
				.update();
			assertThat(until(() -> "v1".equals(api.get(secretPath(3) + "/stages/SYSCURRENT", TOKEN_A)
				.json()
				.get("stage")
				.get("version_id")
				.asString()))).isLessThan(Duration.ofSeconds(1));
			// ...and answers from memory again: a second read of a secret takes no SQL.
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

	private static void report(List<Outcome> outcomes, long down, long up, Duration recovered) {
		long failed = outcomes.stream().filter((outcome) -> outcome.status() == 500).count();
		long okWhileDown = outcomes.stream()
			.filter((outcome) -> outcome.status() == 200 && outcome.start() > down && outcome.start() < up)
			.count();
		Duration slowest = outcomes.stream().map(Outcome::took).max(Duration::compareTo).orElse(Duration.ZERO);
		System.out.printf(
				"Database outage: %d requests, %d ok (%d of them while the database was down, from the cache), "
						+ "%d failed fast with 500, slowest %d ms; recovered %d ms after the database was back%n",
				outcomes.size(), outcomes.size() - failed, okWhileDown, failed, slowest.toMillis(),
				recovered.toMillis());
	}

	private EmbeddedPostgres startDatabase(int port) throws IOException {
		return EmbeddedPostgres.builder()
			.setPort(port)
			.setDataDirectory(this.data)
			.setCleanDataDirectory(false)
			.start();
	}

	private static String secretPath(int n) {
		return "/v1/" + PROJECT_A + "/secrets/outage-" + n;
	}

	/**
	 * How long it took until the condition held, polling every 50 ms for 20 s at most.
	 */
	private static Duration until(Check check) throws InterruptedException {
		long start = System.nanoTime();
		while (!check.holds()) {
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
			Thread.sleep(50);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@FunctionalInterface
	private interface Check {

		boolean holds();

	}

	/**
	 * One request of the load: when it started, how long it took, its status and its
	 * answer (the version for a 200, else the error code), or the failure of the client.
	 */
	private record Outcome(int secret, long start, Duration took, int status, @Nullable String answer,
			@Nullable String failure) {

	}

	/** Clients that each read the current stage of the secrets in turn, until stopped. */
	private final class Load {

		private final String base;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());

		private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

		Load(int port) {
			this.base = "http://127.0.0.1:" + port;
		}

		void start() {
			for (int client = 0; client < CLIENTS; client++) {
				int first = client;
				this.clients.submit(() -> {
					for (int n = first; this.running.get(); n++) {
						this.outcomes.add(read(n % SECRETS));
					}
				});
			}
		}

		boolean lastSuccessAfter(long start) {
			synchronized (this.outcomes) {
				return !this.outcomes.isEmpty() && this.outcomes.getLast().start() > start
						&& this.outcomes.getLast().status() == 200;
			}
		}

		List<Outcome> stop() {
			this.running.set(false);
			this.clients.close();
			return List.copyOf(this.outcomes);
		}

		private Outcome read(int secret) {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(this.base + secretPath(secret) + "/stages/SYSCURRENT"))
				.header("X-Auth-Token", TOKEN_A)
				.timeout(Duration.ofSeconds(10))
				.build();
			long start = System.nanoTime();
			try {
				HttpResponse<String> response = DatabaseOutageTests.this.http.send(request,
						HttpResponse.BodyHandlers.ofString());
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				JsonNode body = JsonMapper.shared().readTree(response.body());
				String answer = (response.statusCode() == 200) ? body.get("stage").get("version_id").asString()
						: body.get("error_code").asString();
				return new Outcome(secret, start, took, response.statusCode(), answer, null);
			}
			catch (Exception ex) {
				return new Outcome(secret, start, Duration.ofNanos(System.nanoTime() - start), 0, null, ex.toString());
			}
		}

	}

}
