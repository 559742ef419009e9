package io.secretstage.secret;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.secretstage.ApiTest;
import io.secretstage.SecretFixtures;
import io.secretstage.TestTokens;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.ApiErrors.assertError;
import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static io.secretstage.TestTokens.TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SecretStageController} over real HTTP, on the whole service.
 */
@ApiTest
class SecretStageApiTests {

	private static final Instant CREATED = Instant.parse("2020-02-12T11:39:38Z");

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	private String secret;

	@BeforeEach
	void createSecret() {
		this.secret = uniqueName();
		new SecretFixtures(this.jdbc).createSecret(PROJECT_A, this.secret, 3,
				Map.of("SYSCURRENT", "v3", "SYSPREVIOUS", "v2", "pinned", "v1"), CREATED);
	}

	@Test
	void getWhenStageExistsThen200WithTheContractBody() {
		EntityExchangeResult<String> result = get(stagePath(PROJECT_A, this.secret, "SYSCURRENT"), TOKEN_A);

		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(result.getResponseHeaders().getFirst("Content-Type")).isEqualTo("application/json;charset=UTF-8");
		assertThat(result.getResponseHeaders().getFirst("X-Request-Id")).matches("[0-9a-f]{32}");
		long updateTime = CREATED.plusSeconds(2).toEpochMilli();
		assertThat(result.getResponseBody()).isEqualTo("{\"stage\":{\"name\":\"SYSCURRENT\",\"version_id\":\"v3\","
				+ "\"update_time\":" + updateTime + ",\"secret_name\":\"" + this.secret + "\"}}");
		// Sent with its length, not chunked.
		assertThat(result.getResponseHeaders().getContentLength())
			.isEqualTo(String.valueOf(result.getResponseBody()).getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void getSendsUpdateTimeAsAnIntegerOfEpochMillisecondsOfWholeSeconds() {
		JsonNode stage = json(get(stagePath(PROJECT_A, this.secret, "pinned"), TOKEN_A)).get("stage");

		assertThat(stage.get("update_time").isIntegralNumber()).isTrue();
		assertThat(stage.get("update_time").asLong()).isEqualTo(CREATED.toEpochMilli()).isEqualTo(1581507578000L);
		assertThat(stage.get("version_id").isString()).isTrue();
		assertThat(stage.get("version_id").asString()).isEqualTo("v1");
	}

	@Test
	void getIssuesOneSqlStatementOnACacheMissAndNoneOnAHit() {
		// A write through the API evicts the secret at its commit, before it answers, so
		// a
		// read after it is fresh without waiting. The fixture wrote straight into the
		// database instead: only the database's announcement evicts, on the listener's
		// thread a moment after the commit, and landing after the miss below it would
		// turn
		// the hit into a second miss. Wait for it rather than for a fixed time.
		awaitTheAnnouncementsOfEverythingCommitted();
		Statistics statistics = this.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
		statistics.clear();

		EntityExchangeResult<String> miss = get(stagePath(PROJECT_A, this.secret, "SYSPREVIOUS"), TOKEN_A);
		long afterMiss = statistics.getPrepareStatementCount();
		EntityExchangeResult<String> hit = get(stagePath(PROJECT_A, this.secret, "SYSCURRENT"), TOKEN_A);

		assertThat(miss.getStatus().value()).isEqualTo(200);
		assertThat(hit.getStatus().value()).isEqualTo(200);
		assertThat(afterMiss).isEqualTo(1);
		assertThat(statistics.getPrepareStatementCount()).isEqualTo(1);
	}

	@Test
	void getWhenStageMissingThen404() {
		assertError(get(stagePath(PROJECT_A, this.secret, "NO_SUCH_STAGE"), TOKEN_A), 404, "CSMS.0005");
	}

	@Test
	void getWhenSecretMissingThen404() {
		assertError(get(stagePath(PROJECT_A, uniqueName(), "SYSCURRENT"), TOKEN_A), 404, "CSMS.0106");
	}

	@Test
	void getWhenSecretIsInAnotherProjectThen404() {
		String other = uniqueName();
		new SecretFixtures(this.jdbc).createSecret(PROJECT_B, other, 1, Map.of("SYSCURRENT", "v1"), CREATED);

		assertError(get(stagePath(PROJECT_A, other, "SYSCURRENT"), TOKEN_A), 404, "CSMS.0106");
		assertThat(get(stagePath(PROJECT_B, other, "SYSCURRENT"), TOKEN_B).getStatus().value()).isEqualTo(200);
	}

	@Test
	void getWithA20KbTokenThen200() {
		assertThat(get(stagePath(PROJECT_A, this.secret, "SYSCURRENT"), TestTokens.TOKEN_A_20_KB).getStatus().value())
			.isEqualTo(200);
	}

	@Test
	void getWithA64KbTokenThen200() {
		assertThat(get(stagePath(PROJECT_A, this.secret, "SYSCURRENT"), TestTokens.TOKEN_A_64_KB).getStatus().value())
			.isEqualTo(200);
	}

	@Test
	void getWhenNamesAre64CharactersThen200() {
		String secretName = "s".repeat(64);
		String stageName = "t".repeat(64);
		new SecretFixtures(this.jdbc).createSecret(PROJECT_A, secretName, 1, Map.of(stageName, "v1"), CREATED);

		EntityExchangeResult<String> result = get(stagePath(PROJECT_A, secretName, stageName), TOKEN_A);

		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(json(result).get("stage").get("name").asString()).isEqualTo(stageName);
	}

	@Test
	void getOfTheServletContainersErrorPageThen404() {
		assertError(get("/error", null), 404, "APIGW.0101");
	}

	@Test
	void optionsOnAnUnknownRouteThen404() {
		assertThat(this.client.method(HttpMethod.OPTIONS)
			.uri("/v1/" + PROJECT_A + "/no-such-resource")
			.header("X-Auth-Token", TOKEN_A)
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getStatus()
			.value()).isEqualTo(404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "found", "missing" })
	void everyAnswerCarriesTheSecurityHeadersAndNoCorsHeaderOrCookie(String which) {
		String secret = which.equals("found") ? this.secret : "no-such-secret";
		HttpHeaders headers = this.client.get()
			.uri(stagePath(PROJECT_A, secret, "SYSCURRENT"))
			.header("X-Auth-Token", TOKEN_A)
			.header("Origin", "https://elsewhere.example")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseHeaders();

		assertSecurityHeaders(headers);
	}

	@Test
	void corsPreflightThen405WithoutCorsHeaders() {
		EntityExchangeResult<String> result = this.client.method(HttpMethod.OPTIONS)
			.uri(stagePath(PROJECT_A, this.secret, "SYSCURRENT"))
			.header("X-Auth-Token", TOKEN_A)
			.header("Origin", "https://elsewhere.example")
			.header("Access-Control-Request-Method", "GET")
			.exchange()
			.expectBody(String.class)
			.returnResult();

		assertError(result, 405, "CSMS.0003");
		assertSecurityHeaders(result.getResponseHeaders());
	}

	private static void assertSecurityHeaders(HttpHeaders headers) {
		assertThat(headers.getFirst("Cache-Control")).isEqualTo("no-store");
		assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(headers.containsHeader("Server")).isFalse();
		assertThat(headers.containsHeader("Set-Cookie")).isFalse();
		assertThat(headers.containsHeader("Access-Control-Allow-Origin")).isFalse();
		assertThat(headers.containsHeader("Access-Control-Allow-Methods")).isFalse();
	}

	@Test
	void getWhenWellFormedRequestIdGivenThenItIsReused() {
		String id = UUID.randomUUID().toString().replace("-", "");
		EntityExchangeResult<String> result = this.client.get()
			.uri(stagePath(PROJECT_A, this.secret, "SYSCURRENT"))
			.header("X-Auth-Token", TOKEN_A)
			.header("X-Request-Id", id)
			.exchange()
			.expectBody(String.class)
			.returnResult();

		assertThat(result.getResponseHeaders().getFirst("X-Request-Id")).isEqualTo(id);
	}

	@Test
	void getWhenMalformedRequestIdGivenThenItIsReplaced() {
		EntityExchangeResult<String> result = this.client.get()
			.uri(stagePath(PROJECT_A, uniqueName(), "SYSCURRENT"))
			.header("X-Auth-Token", TOKEN_A)
			.header("X-Request-Id", "<script>")
			.exchange()
			.expectBody(String.class)
			.returnResult();

		String id = result.getResponseHeaders().getFirst("X-Request-Id");
		assertThat(id).matches("[0-9a-f]{32}");
		assertThat(json(result).get("request_id").asString()).isEqualTo(id);
	}

	private EntityExchangeResult<String> get(String path, @Nullable String token) {
		return this.client.get().uri(path).headers((headers) -> {
			if (token != null) {
				headers.set("X-Auth-Token", token);
			}
		}).exchange().expectBody(String.class).returnResult();
	}

	private static JsonNode json(EntityExchangeResult<String> result) {
		return JsonMapper.shared().readTree(String.valueOf(result.getResponseBody()));
	}

	private static String stagePath(String project, String secretName, String stage) {
		return "/v1/" + project + "/secrets/" + secretName + "/stages/" + stage;
	}

	/**
	 * Wait until this instance has heard the database's announcements of every change
	 * committed so far. They come on one connection in the order of their commits, so
	 * once the announcement of a later change has landed, the earlier ones have too. The
	 * later change creates a secret that the stage cache has just remembered as missing:
	 * it reads as found only once its announcement has evicted that.
	 */
	private void awaitTheAnnouncementsOfEverythingCommitted() {
		String marker = uniqueName();
		String path = stagePath(PROJECT_A, marker, "SYSCURRENT");
		assertError(get(path, TOKEN_A), 404, "CSMS.0106");
		new SecretFixtures(this.jdbc).createSecret(PROJECT_A, marker, 1, Map.of("SYSCURRENT", "v1"), CREATED);
		await().atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> get(path, TOKEN_A).getStatus().value() == 200);
	}

	private static String uniqueName() {
		return "secret-" + UUID.randomUUID();
	}

}
