package io.secretstage.observability;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import io.secretstage.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the management port: the probes (the database under health, in neither
 * readiness nor liveness) and the Prometheus metrics; nothing else is exposed.
 */
@ApiTest
class ManagementEndpointTests {

	@Autowired
	private RestTestClient client;

	@LocalManagementPort
	private int managementPort;

	@Test
	void healthShowsTheDatabaseAndNeitherReadinessNorLivenessDependOnIt() {
		ApiClient management = new ApiClient(this.managementPort);

		ApiClient.Reply health = management.get("/actuator/health", "unused-token-unused-token-unused");
		ApiClient.Reply readiness = management.get("/actuator/health/readiness", "unused-token-unused-token-unused");
		ApiClient.Reply liveness = management.get("/actuator/health/liveness", "unused-token-unused-token-unused");

		assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
		assertThat(readiness.json().get("components").propertyNames()).containsExactlyInAnyOrder("readinessState",
				"stageCache");
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.body()).doesNotContain("\"db\"");
	}

	/**
	 * Other tests share the context and its meters: every count is read before and after
	 * this test's own requests, and only the difference, which they made, is asserted. A
	 * request is counted as its filter ends, which may be just after its answer arrived.
	 */
	@Test
	void prometheusMetricsCountRequestsByRouteAndTheStageCache() {
		ApiClient api = new ApiClient(this.client);
		String missing = "metrics-missing-" + UUID.randomUUID();
		String before = prometheus();

		api.post("/v1/" + TestTokens.PROJECT_A + "/secrets", TestTokens.TOKEN_A,
				Map.of("name", "metrics-" + UUID.randomUUID(), "secret_string", "v"))
			.assertOk(200);
		api.get("/v1/" + TestTokens.PROJECT_A + "/secrets/" + missing + "/stages/SYSCURRENT", TestTokens.TOKEN_A)
			.assertError(404, "CSMS.0106");

		String[] created = { "method=\"POST\"", "uri=\"/v1/{project_id}/secrets\"", "status=\"200\"",
				"error_code=\"none\"" };
		String[] notFound = { "method=\"GET\"", "uri=\"/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}\"",
				"status=\"404\"", "error_code=\"CSMS.0106\"" };
		await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).untilAsserted(() -> {
			String after = prometheus();
			assertThat(increase(before, after, "http_server_requests_seconds_count", created)).as("creates counted")
				.isEqualTo(1);
			assertThat(increase(before, after, "http_server_requests_seconds_count", notFound))
				.as("reads of a missing secret counted")
				.isEqualTo(1);
			assertThat(increase(before, after, "http_server_requests_seconds_bucket", with(notFound, "le=\"+Inf\"")))
				.as("reads of a missing secret in the histogram")
				.isEqualTo(1);
			// The secret never existed: the stage cache missed it.
			assertThat(increase(before, after, "cache_gets_total", "cache=\"csms.stages\"", "result=\"miss\""))
				.as("stage cache misses")
				.isPositive();
			// States, not counts: the database is up and its circuit closed. And the log
			// events are counted: Logback is one for the whole JVM, and each service
			// started in it (other tests start some) sets it up anew, which drops the
			// counting of the contexts started before; LogEventMetricsTests counts them.
			assertThat(after).contains("csms_database_up 1.0")
				.containsPattern("logback_events_total\\{level=\"info\"\\} [1-9]")
				.containsPattern(
						"resilience4j_circuitbreaker_state\\{[^}]*name=\"database\"[^}]*state=\"closed\"[^}]*\\} 1.0");
		});
	}

	private String prometheus() {
		return new ApiClient(this.managementPort).get("/actuator/prometheus", "unused-token-unused-token-unused")
			.body();
	}

	/**
	 * How much the samples of a metric whose labels include the given ones grew from one
	 * scrape to the next.
	 */
	private static double increase(String before, String after, String name, String... labels) {
		return sum(after, name, labels) - sum(before, name, labels);
	}

	/**
	 * The sum of the samples of a metric whose labels include the given ones: lines of
	 * {@code name{label="value",...} sample}, where a value may hold braces (routes).
	 */
	private static double sum(String scrape, String name, String... labels) {
		return scrape.lines().filter((line) -> line.startsWith(name + "{")).filter((line) -> {
			String series = line.substring(0, line.lastIndexOf(' '));
			return Arrays.stream(labels)
				.allMatch((label) -> series.contains("{" + label) || series.contains("," + label));
		}).mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
	}

	private static String[] with(String[] labels, String label) {
		String[] all = Arrays.copyOf(labels, labels.length + 1);
		all[labels.length] = label;
		return all;
	}

	@Test
	void nothingElseIsExposed() {
		ApiClient management = new ApiClient(this.managementPort);

		assertThat(management.get("/actuator/env", "unused-token-unused-token-unused").status()).isEqualTo(404);
		assertThat(management.get("/actuator/beans", "unused-token-unused-token-unused").status()).isEqualTo(404);
		assertThat(management.get("/actuator/heapdump", "unused-token-unused-token-unused").status()).isEqualTo(404);
		new ApiClient(this.client).get("/actuator/health", "unused-token-unused-token-unused")
			.assertError(404, "APIGW.0101");
	}

	@Test
	void noPageOfLinksNoErrorPageOfItsOwnThen404WithTheContractsBody() {
		ApiClient management = new ApiClient(this.managementPort);

		for (String path : new String[] { "/actuator", "/actuator/", "/error", "/", "/actuator/healthz" }) {
			ApiClient.Reply reply = management.get(path, "unused-token-unused-token-unused");
			reply.assertError(404, "APIGW.0101");
			assertThat(reply.header("X-Request-Id")).matches("[0-9a-f]{32}");
		}
	}

	@Test
	void optionsOrPostOnAProbeThen405WithAllow() throws Exception {
		RestTestClient management = ApiClient.bindTo(this.managementPort);
		for (String method : new String[] { "OPTIONS", "POST", "DELETE" }) {
			EntityExchangeResult<String> result = management.method(HttpMethod.valueOf(method))
				.uri("/actuator/health")
				.exchange()
				.expectBody(String.class)
				.returnResult();

			assertThat(result.getStatus().value()).as(method).isEqualTo(405);
			assertThat(result.getResponseHeaders().get("Allow")).containsExactly("GET, HEAD");
			assertError(result, 405, "CSMS.0003");
		}
	}

}
