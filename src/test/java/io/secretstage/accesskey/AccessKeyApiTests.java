package io.secretstage.accesskey;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.ApiTest;
import io.secretstage.TestLogs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AccessKeyController} over real HTTP: the access key API in the shape
 * of Huawei IAM's, each user managing only its own keys, and a secret key shown once and
 * stored only sealed.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class AccessKeyApiTests {

	private static final String CREDENTIALS = TestAccessKey.CREDENTIALS;

	private static final String IAM_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	private ApiClient api;

	@BeforeEach
	void noKeys() {
		this.jdbc.sql("delete from access_key where user_id in ('user-a', 'user-b')").update();
		this.api = new ApiClient(this.client);
	}

	@Test
	void createThenTheSecretKeyOnceAndNeverAgain(CapturedOutput output) throws InterruptedException {
		JsonNode created = create(TOKEN_A, "user-a", "for the deploy job").assertOk(201).get("credential");
		String access = created.get("access").asString();
		String secret = created.get("secret").asString();

		assertThat(access).matches("[A-Z0-9]{20}");
		assertThat(secret).matches("[A-Za-z0-9]{40}");
		assertThat(created.get("status").asString()).isEqualTo("active");
		assertThat(created.get("user_id").asString()).isEqualTo("user-a");
		assertThat(created.get("description").asString()).isEqualTo("for the deploy job");
		assertThat(created.get("create_time").asString()).matches(IAM_TIME);
		Reply shown = this.api.get(CREDENTIALS + "/" + access, TOKEN_A);
		Reply listed = this.api.get(CREDENTIALS + "?user_id=user-a", TOKEN_A);
		assertThat(shown.assertOk(200).get("credential").get("access").asString()).isEqualTo(access);
		assertThat(listed.assertOk(200).get("credentials").get(0).get("access").asString()).isEqualTo(access);
		assertThat(shown.body() + listed.body()).doesNotContain(secret).doesNotContain("\"secret\"");
		assertThat(TestLogs.flushed(output)).doesNotContain(secret).doesNotContain(access);
	}

	@Test
	void storedSecretKeyIsSealedNotPlain() {
		JsonNode created = create(TOKEN_A, "user-a", "").assertOk(201).get("credential");
		byte[] secret = created.get("secret").asString().getBytes(StandardCharsets.UTF_8);

		Map<String, Object> row = this.jdbc.sql("select * from access_key where access_key = ?")
			.param(created.get("access").asString())
			.query()
			.singleRow();

		assertThat(row.values()).allSatisfy((column) -> assertThat(String.valueOf(column))
			.doesNotContain(new String(secret, StandardCharsets.UTF_8)));
		assertThat(new String((byte[]) row.get("ciphertext"), StandardCharsets.ISO_8859_1))
			.doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
		assertThat((byte[]) row.get("wrapped_key")).isNotEmpty();
		assertThat(row.get("project_id")).isEqualTo(PROJECT_A);
		assertThat(row.get("roles")).isEqualTo("csms-writer");
	}

	@Test
	void listThenTheCallersKeysInOrderWithoutSecrets() {
		String first = create(TOKEN_A, "user-a", "one").assertOk(201).get("credential").get("access").asString();
		String second = create(TOKEN_A, "user-a", "two").assertOk(201).get("credential").get("access").asString();
		create(TOKEN_B, "user-b", "other user").assertOk(201);

		JsonNode listed = this.api.get(CREDENTIALS, TOKEN_A).assertOk(200).get("credentials");

		assertThat(listed).extracting((key) -> key.get("access").asString()).containsExactly(first, second);
		assertThat(listed).allSatisfy((key) -> {
			assertThat(key.has("secret")).isFalse();
			assertThat(key.get("status").asString()).isEqualTo("active");
			assertThat(key.get("create_time").asString()).matches(IAM_TIME);
		});
	}

	@Test
	void thirdKeyOfAUserThen400AndNoKeyMade() {
		create(TOKEN_A, "user-a", "").assertOk(201);
		create(TOKEN_A, "user-a", "").assertOk(201);

		create(TOKEN_A, "user-a", "").assertError(400, "CSMS.0210");

		assertThat(this.api.get(CREDENTIALS, TOKEN_A).assertOk(200).get("credentials")).hasSize(2);
	}

	@Test
	void deactivateThenInactiveAndTheNewDescription() {
		String access = create(TOKEN_A, "user-a", "old").assertOk(201).get("credential").get("access").asString();

		JsonNode changed = this.api
			.put(CREDENTIALS + "/" + access, TOKEN_A,
					Map.of("credential", Map.of("status", "inactive", "description", "new")))
			.assertOk(200)
			.get("credential");

		assertThat(changed.get("status").asString()).isEqualTo("inactive");
		assertThat(changed.get("description").asString()).isEqualTo("new");
		assertThat(this.api.get(CREDENTIALS + "/" + access, TOKEN_A)
			.assertOk(200)
			.get("credential")
			.get("status")
			.asString()).isEqualTo("inactive");
	}

	@Test
	void deleteThen204AndGone() {
		String access = create(TOKEN_A, "user-a", "").assertOk(201).get("credential").get("access").asString();

		this.api.delete(CREDENTIALS + "/" + access, TOKEN_A).assertOk(204);

		this.api.get(CREDENTIALS + "/" + access, TOKEN_A).assertError(404, "CSMS.0005");
		this.api.delete(CREDENTIALS + "/" + access, TOKEN_A).assertError(404, "CSMS.0005");
	}

	@Test
	void anotherUsersKeyThen403AndUnchanged() {
		String access = create(TOKEN_B, "user-b", "b's").assertOk(201).get("credential").get("access").asString();

		this.api.get(CREDENTIALS + "/" + access, TOKEN_A).assertError(403, "CSMS.0302");
		this.api.put(CREDENTIALS + "/" + access, TOKEN_A, Map.of("credential", Map.of("status", "inactive")))
			.assertError(403, "CSMS.0302");
		this.api.delete(CREDENTIALS + "/" + access, TOKEN_A).assertError(403, "CSMS.0302");
		create(TOKEN_A, "user-b", "").assertError(403, "CSMS.0302");
		this.api.get(CREDENTIALS + "?user_id=user-b", TOKEN_A).assertError(403, "CSMS.0302");

		assertThat(this.api.get(CREDENTIALS + "/" + access, TOKEN_B)
			.assertOk(200)
			.get("credential")
			.get("status")
			.asString()).isEqualTo("active");
	}

	@Test
	void badInputThen400() {
		this.api.post(CREDENTIALS, TOKEN_A, Map.of("credential", Map.of("description", "no user")))
			.assertError(400, "CSMS.0002");
		create(TOKEN_A, "user-a", "d".repeat(256)).assertError(400, "CSMS.0002");
		this.api.get(CREDENTIALS + "/not-an-access-key", TOKEN_A).assertError(400, "CSMS.0002");
		this.api.post(CREDENTIALS, TOKEN_A, "{\"credential\":").assertError(400, "CSMS.0004");
	}

	@Test
	void statusOnCreationThen400NamingItAndNoKeyMade() {
		JsonNode error = this.api
			.post(CREDENTIALS, TOKEN_A, Map.of("credential", Map.of("user_id", "user-a", "status", "inactive")))
			.assertError(400, "CSMS.0002");

		assertThat(error.get("error_msg").asString()).isEqualTo("The value of parameter credential.status is invalid.");
		assertThat(this.api.get(CREDENTIALS, TOKEN_A).assertOk(200).get("credentials").isEmpty()).isTrue();
	}

	@Test
	void userIdOnUpdateThen400NamingItAndUnchanged() {
		String access = create(TOKEN_A, "user-a", "old").assertOk(201).get("credential").get("access").asString();

		JsonNode error = this.api
			.put(CREDENTIALS + "/" + access, TOKEN_A,
					Map.of("credential", Map.of("user_id", "user-b", "status", "inactive", "description", "new")))
			.assertError(400, "CSMS.0002");

		assertThat(error.get("error_msg").asString())
			.isEqualTo("The value of parameter credential.user_id is invalid.");
		JsonNode credential = this.api.get(CREDENTIALS + "/" + access, TOKEN_A).assertOk(200).get("credential");
		assertThat(credential.get("status").asString()).isEqualTo("active");
		assertThat(credential.get("description").asString()).isEqualTo("old");
	}

	@ParameterizedTest
	@CsvSource(delimiterString = " -> ",
			value = { "'{\"credential\":{\"user_id\":\"user-a\"},\"extra\":{\"a\":[1]}}' -> extra",
					"'{\"credential\":{\"user_id\":\"user-a\",\"Status\":1}}' -> credential",
					"'{\"credential\":{\"user_id\":\"user-a\",\"<b>x</b>\":1}}' -> credential",
					"'{\"credential\":{\"user_id\":\"user-a\"},\"<b>x</b>\":1}' -> ''" })
	void unknownFieldOnCreationThen400NamingItOrOnlyWhatHoldsIt(String body, String named) {
		JsonNode error = this.api.post(CREDENTIALS, TOKEN_A, body).assertError(400, "CSMS.0002");

		assertThat(error.get("error_msg").asString()).isEqualTo(named.isEmpty() ? "The value of parameter is invalid."
				: "The value of parameter " + named + " is invalid.");
		assertThat(this.api.get(CREDENTIALS, TOKEN_A).assertOk(200).get("credentials").isEmpty()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"credential\":{\"status\":\"inactive\",\"user_id\":\"user-a\",\"description\":1}}",
			"{\"credential\":{\"user_id\":\"user-a\",\"description\":1,\"status\":\"inactive\"}}",
			"{\"extra\":1,\"credential\":{\"user_id\":\"user-a\"},\"credential\":{}}",
			"{\"credential\":{\"user_id\":\"user-a\",\"status\":\"inactive\"}} x" })
	void unknownFieldAndAMalformedBodyThen400MalformedWhicheverComesFirst(String body) {
		this.api.post(CREDENTIALS, TOKEN_A, body).assertError(400, "CSMS.0004");
	}

	@Test
	void withoutCredentialsThen401() {
		Reply reply = new ApiClient(this.client).get(CREDENTIALS, "");

		reply.assertError(401, "APIGW.0301");
	}

	@Test
	void showAfterASignedRequestThenItsLastUse() {
		TestAccessKey key = TestAccessKey.create(this.port, TOKEN_A, "user-a", PROJECT_A);
		assertThat(this.api.get(CREDENTIALS + "/" + key.access(), TOKEN_A)
			.assertOk(200)
			.get("credential")
			.has("last_use_time")).isFalse();

		this.api
			.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A,
					Map.of("name", "last-use-" + key.access(), "secret_string", "x"))
			.assertOk(200);
		key.client(this.port)
			.showSecretStage(new com.huaweicloud.sdk.csms.v1.model.ShowSecretStageRequest()
				.withSecretName("last-use-" + key.access())
				.withStageName("SYSCURRENT"));

		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.api.get(CREDENTIALS + "/" + key.access(), TOKEN_A)
				.assertOk(200)
				.get("credential")
				.get("last_use_time")
				.asString()).matches(IAM_TIME));
	}

	private Reply create(String token, String userId, String description) {
		return this.api.post(CREDENTIALS, token,
				Map.of("credential", Map.of("user_id", userId, "description", description)));
	}

}
