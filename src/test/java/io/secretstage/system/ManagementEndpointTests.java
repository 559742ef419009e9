package io.secretstage.system;

import java.util.Map;

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

	@Test
	void prometheusMetricsCountRequestsByRouteAndTheStageCache() {
		ApiClient api = new ApiClient(this.client);
		api.post("/v1/" + TestTokens.PROJECT_A + "/secrets", TestTokens.TOKEN_A,
				Map.of("name", "metrics-" + System.nanoTime(), "secret_string", "v"));
		api.get("/v1/" + TestTokens.PROJECT_A + "/secrets/no-such/stages/SYSCURRENT", TestTokens.TOKEN_A);

		String metrics = new ApiClient(this.managementPort)
			.get("/actuator/prometheus", "unused-token-unused-token-unused")
			.body();

		assertThat(metrics).contains("http_server_requests_seconds_count")
			.contains("uri=\"/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}\"")
			.contains("cache_gets_total{cache=\"csms.stages\"")
			.contains("csms_database_up 1.0")
			.containsPattern("logback_events_total\\{level=\"info\"\\} [1-9]")
			.containsPattern(
					"resilience4j_circuitbreaker_state\\{[^}]*name=\"database\"[^}]*state=\"closed\"[^}]*\\} 1.0")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*error_code=\"CSMS.0106\"[^}]*status=\"404\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*error_code=\"none\"[^}]*status=\"200\"")
			.contains("http_server_requests_seconds_bucket");
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
