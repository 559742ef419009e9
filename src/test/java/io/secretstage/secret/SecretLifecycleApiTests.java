package io.secretstage.secret;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.ApiTest;
import io.secretstage.TestLogs;
import io.secretstage.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.ApiErrors.assertError;
import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the write operations over real HTTP: a client creates a secret, adds
 * versions, moves and deletes stages, and every read afterwards reflects the change.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class SecretLifecycleApiTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	private ApiClient api;

	private String name;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.client);
		this.name = "lifecycle-" + UUID.randomUUID();
	}

	@Test
	void createSecretThenItsFirstVersionHoldsSyscurrentAndTheValue() {
		JsonNode secret = create(Map.of("name", this.name, "secret_string", "s3cr3t value", "description", "db"))
			.get("secret");

		assertThat(UUID.fromString(secret.get("id").asString())).isNotNull();
		assertThat(secret.get("name").asString()).isEqualTo(this.name);
		assertThat(secret.get("state").asString()).isEqualTo("ENABLED");
		assertThat(secret.get("kms_key_id").asString()).isEqualTo(TestTokens.MASTER_KEY_ID);
		assertThat(secret.get("description").asString()).isEqualTo("db");
		assertThat(secret.get("secret_type").asString()).isEqualTo("COMMON");
		assertThat(secret.get("create_time").isIntegralNumber()).isTrue();
		assertThat(secret.get("create_time").asLong() % 1000).isZero();
		assertThat(secret.get("scheduled_delete_time").isNull()).isTrue();
		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v1");
		JsonNode version = this.api.get(path("/versions/v1"), TOKEN_A).assertOk(200).get("version");
		assertThat(version.get("secret_string").asString()).isEqualTo("s3cr3t value");
		assertThat(version.has("secret_binary")).isFalse();
		assertThat(version.get("version_metadata").get("version_stages").toString()).isEqualTo("[\"SYSCURRENT\"]");
		assertThat(this.api.get(path(""), TOKEN_A).assertOk(200).get("secret").get("id")).isEqualTo(secret.get("id"));
	}

	@Test
	void createSecretWithABinaryValueThenTheSameBytesComeBack() {
		String base64 = Base64.getEncoder().encodeToString(new byte[] { 0, 1, 2, (byte) 0xff, 10 });
		create(Map.of("name", this.name, "secret_binary", base64));

		JsonNode version = this.api.get(path("/versions/latest"), TOKEN_A).assertOk(200).get("version");

		assertThat(version.get("secret_binary").asString()).isEqualTo(base64);
		assertThat(version.has("secret_string")).isFalse();
	}

	@Test
	void createSecretTwiceThen409() {
		create(Map.of("name", this.name, "secret_string", "one"));

		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "two"))
			.assertError(409, "CSMS.0409");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"name\":\"%s\"}",
			"{\"name\":\"%s\",\"secret_string\":\"a\",\"secret_binary\":\"YQ==\"}",
			"{\"name\":\"%s\",\"secret_binary\":\"not base64!\"}", "{\"name\":\"%s\",\"secret_binary\":\"YWI\"}",
			"{\"name\":\"%s\",\"secret_binary\":\"YR==\"}", "{\"name\":\"%s\",\"secret_binary\":\"YQ==\\n\"}",
			"{\"name\":\"bad/name\",\"secret_string\":\"a\"}", "{\"secret_string\":\"a\"}",
			"{\"name\":\"%s\",\"secret_string\":\"a\",\"kms_key_id\":\"no-such-key\"}",
			"{\"name\":\"%s\",\"secret_string\":\"a\",\"secret_type\":\"OTHER\"}" })
	void createSecretWithAnInvalidFieldThen400(String body) {
		this.api.post(SECRETS, TOKEN_A, body.formatted(this.name)).assertError(400, "CSMS.0002");
	}

	@Test
	void createSecretWithAnOverlongValueThen400NamingIt() {
		Reply reply = this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "x".repeat(32_769)));

		reply.assertError(400, "CSMS.0002");
		assertThat(reply.json().get("error_msg").asString()).contains("secret_string").doesNotContain("xxxx");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "{\"name\":", "[1,2]", "{\"name\":{\"a\":1},\"secret_string\":\"a\"}" })
	void createSecretWithAnUnreadableBodyThen400(String body) {
		this.api.post(SECRETS, TOKEN_A, body).assertError(400, "CSMS.0004");
	}

	@Test
	void createSecretWithABodyThatIsNotJsonThen415() throws Exception {
		EntityExchangeResult<String> result = this.client.post()
			.uri(SECRETS)
			.header("X-Auth-Token", TOKEN_A)
			.contentType(MediaType.TEXT_PLAIN)
			.body("name=x")
			.exchange()
			.expectBody(String.class)
			.returnResult();

		assertError(result, 415, "CSMS.0003");
	}

	@Test
	void writeWithoutTheWriteRoleThen403AndReadStillWorks() {
		create(Map.of("name", this.name, "secret_string", "v"));

		this.api.post(path("/versions"), TestTokens.READ_ONLY_TOKEN_A, Map.of("secret_string", "w"))
			.assertError(403, "CSMS.0302");
		this.api.put(path("/stages/x"), TestTokens.READ_ONLY_TOKEN_A, Map.of("version_id", "v1"))
			.assertError(403, "CSMS.0302");
		this.api.get(path("/stages/SYSCURRENT"), TestTokens.READ_ONLY_TOKEN_A).assertOk(200);
	}

	@Test
	void writeWithATokenOfAnotherProjectThen403() {
		this.api.post(SECRETS, TestTokens.TOKEN_B, Map.of("name", this.name, "secret_string", "v"))
			.assertError(403, "CSMS.0302");
	}

	@Test
	void createVersionThenSyscurrentMovesAndSyspreviousFollows() {
		create(Map.of("name", this.name, "secret_string", "one"));

		JsonNode v2 = this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two"))
			.assertOk(200)
			.get("version_metadata");
		assertThat(v2.get("id").asString()).isEqualTo("v2");
		assertThat(v2.get("secret_name").asString()).isEqualTo(this.name);
		assertThat(v2.get("version_stages").toString()).isEqualTo("[\"SYSCURRENT\"]");
		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v2");
		assertThat(stageVersion("SYSPREVIOUS")).isEqualTo("v1");

		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "three")).assertOk(200);
		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v3");
		assertThat(stageVersion("SYSPREVIOUS")).isEqualTo("v2");
		assertThat(this.api.get(path("/versions/latest"), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_string")
			.asString()).isEqualTo("three");
	}

	@Test
	void createVersionWithStagesMovesOnlyThoseStages() {
		create(Map.of("name", this.name, "secret_string", "one"));

		JsonNode v2 = this.api
			.post(path("/versions"), TOKEN_A,
					Map.of("secret_string", "two", "version_stages", List.of("canary"), "expire_time", 1893456000000L))
			.assertOk(200)
			.get("version_metadata");

		assertThat(v2.get("version_stages").toString()).isEqualTo("[\"canary\"]");
		assertThat(v2.get("expire_time").asLong()).isEqualTo(1893456000000L);
		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v1");
		assertThat(stageVersion("canary")).isEqualTo("v2");
		this.api.get(path("/stages/SYSPREVIOUS"), TOKEN_A).assertError(404, "CSMS.0005");
	}

	@Test
	void createVersionWithAnEmptyListOfStagesMovesNoStage() {
		create(Map.of("name", this.name, "secret_string", "one"));

		JsonNode v2 = this.api
			.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two", "version_stages", List.of()))
			.assertOk(200)
			.get("version_metadata");

		assertThat(v2.get("version_stages").toString()).isEqualTo("[]");
		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v1");
		this.api.get(path("/stages/SYSPREVIOUS"), TOKEN_A).assertError(404, "CSMS.0005");
		assertThat(this.api.get(path("/versions/v2"), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_string")
			.asString()).isEqualTo("two");
	}

	@Test
	void updateStageCreatesOrMovesItAndMovingSyscurrentMovesSysprevious() {
		create(Map.of("name", this.name, "secret_string", "one"));
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two")).assertOk(200);

		JsonNode created = this.api.put(path("/stages/pinned"), TOKEN_A, Map.of("version_id", "v1"))
			.assertOk(200)
			.get("stage");
		assertThat(created.get("name").asString()).isEqualTo("pinned");
		assertThat(created.get("version_id").asString()).isEqualTo("v1");
		assertThat(created.get("secret_name").asString()).isEqualTo(this.name);
		assertThat(created.get("update_time").isIntegralNumber()).isTrue();
		assertThat(stageVersion("pinned")).isEqualTo("v1");

		this.api.put(path("/stages/SYSCURRENT"), TOKEN_A, Map.of("version_id", "v1")).assertOk(200);
		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v1");
		assertThat(stageVersion("SYSPREVIOUS")).isEqualTo("v2");

		this.api.put(path("/stages/SYSCURRENT"), TOKEN_A, Map.of("version_id", "v1")).assertOk(200);
		assertThat(stageVersion("SYSPREVIOUS")).isEqualTo("v2");
	}

	@Test
	void updateStageWhenVersionOrSecretMissingThen404AndWhenBodyInvalidThen400() {
		create(Map.of("name", this.name, "secret_string", "one"));

		this.api.put(path("/stages/pinned"), TOKEN_A, Map.of("version_id", "v9")).assertError(404, "CSMS.0005");
		this.api.put(SECRETS + "/no-such-secret/stages/pinned", TOKEN_A, Map.of("version_id", "v1"))
			.assertError(404, "CSMS.0106");
		Reply invalid = this.api.put(path("/stages/pinned"), TOKEN_A, Map.of("version_id", "1"));
		invalid.assertError(400, "CSMS.0002");
		assertThat(invalid.json().get("error_msg").asString()).contains("version_id");
		this.api.put(path("/stages/pinned"), TOKEN_A, Map.of()).assertError(400, "CSMS.0002");
	}

	@Test
	void anEleventhOwnStageIsRefusedAndRotationStillHasRoom() {
		create(Map.of("name", this.name, "secret_string", "one"));
		for (int i = 1; i <= 10; i++) {
			this.api.put(path("/stages/stage-" + i), TOKEN_A, Map.of("version_id", "v1")).assertOk(200);
		}

		this.api.put(path("/stages/stage-11"), TOKEN_A, Map.of("version_id", "v1")).assertError(400, "CSMS.0203");
		this.api.put(path("/stages/stage-10"), TOKEN_A, Map.of("version_id", "v1")).assertOk(200);
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two", "version_stages", List.of("new-one")))
			.assertError(400, "CSMS.0203");
		this.api.get(path("/versions/v2"), TOKEN_A).assertError(404, "CSMS.0005");
		// The refused write left nothing behind, not even its audit rows.
		assertThat(this.jdbc.sql("select count(*) from audit_event where secret_name = ? and version_id = 'v2'")
			.param(this.name)
			.query(Long.class)
			.single()).isZero();
		// A rotation makes SYSPREVIOUS, the twelfth stage.
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two")).assertOk(200);
		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v2");
		assertThat(stageVersion("SYSPREVIOUS")).isEqualTo("v1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SYSPREVIOUS,SYSCURRENT", "SYSCURRENT,SYSPREVIOUS", "SYSPREVIOUS", "x,SYSPREVIOUS" })
	void newVersionNamingSyspreviousThen400WhateverTheOrder(String stages) {
		create(Map.of("name", this.name, "secret_string", "one"));

		this.api
			.post(path("/versions"), TOKEN_A,
					Map.of("secret_string", "two", "version_stages", List.of(stages.split(","))))
			.assertError(400, "CSMS.0002");

		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v1");
		this.api.get(path("/versions/v2"), TOKEN_A).assertError(404, "CSMS.0005");
	}

	@Test
	void syspreviousPointedAtTheCurrentVersionThen400AndElsewhereThen200() {
		create(Map.of("name", this.name, "secret_string", "one"));
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two")).assertOk(200);
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "three")).assertOk(200);

		this.api.put(path("/stages/SYSPREVIOUS"), TOKEN_A, Map.of("version_id", "v3")).assertError(400, "CSMS.0002");
		this.api.put(path("/stages/SYSPREVIOUS"), TOKEN_A, Map.of("version_id", "v1")).assertOk(200);

		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v3");
		assertThat(stageVersion("SYSPREVIOUS")).isEqualTo("v1");
	}

	@Test
	void deleteStageThen204AndBuiltInStagesCannotBeDeleted() {
		create(Map.of("name", this.name, "secret_string", "one"));
		this.api.put(path("/stages/pinned"), TOKEN_A, Map.of("version_id", "v1")).assertOk(200);

		assertThat(this.api.delete(path("/stages/pinned"), TOKEN_A).assertOk(204).isMissingNode()).isTrue();
		this.api.get(path("/stages/pinned"), TOKEN_A).assertError(404, "CSMS.0005");
		this.api.delete(path("/stages/pinned"), TOKEN_A).assertError(404, "CSMS.0005");
		this.api.delete(path("/stages/SYSCURRENT"), TOKEN_A).assertError(400, "CSMS.0105");
		this.api.delete(path("/stages/SYSPREVIOUS"), TOKEN_A).assertError(400, "CSMS.0105");
	}

	@Test
	void aSecretKeepsAtMost20VersionsDroppingTheOldestWithoutStages() {
		create(Map.of("name", this.name, "secret_string", "v1"));
		this.api.put(path("/stages/keep"), TOKEN_A, Map.of("version_id", "v1")).assertOk(200);
		for (int i = 2; i <= 22; i++) {
			this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "v" + i)).assertOk(200);
		}

		JsonNode page = this.api.get(path("/versions?limit=1000"), TOKEN_A).assertOk(200);
		List<String> ids = new ArrayList<>();
		page.get("version_metadatas").forEach((version) -> ids.add(version.get("id").asString()));

		assertThat(ids).hasSize(20).contains("v1", "v21", "v22").doesNotContain("v2", "v3");
		this.api.get(path("/versions/v2"), TOKEN_A).assertError(404, "CSMS.0005");
	}

	@Test
	void listVersionsPagesWithMarkers() {
		create(Map.of("name", this.name, "secret_string", "v1"));
		for (int i = 2; i <= 5; i++) {
			this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "v" + i)).assertOk(200);
		}

		JsonNode first = this.api.get(path("/versions?limit=2"), TOKEN_A).assertOk(200);
		assertThat(ids(first)).containsExactly("v1", "v2");
		assertThat(first.get("page_info").get("current_count").asInt()).isEqualTo(2);
		assertThat(first.get("page_info").get("next_marker").asString()).isEqualTo("v2");
		assertThat(first.get("page_info").get("previous_marker").isNull()).isTrue();
		JsonNode last = this.api.get(path("/versions?limit=2&marker=v4"), TOKEN_A).assertOk(200);
		assertThat(ids(last)).containsExactly("v5");
		assertThat(last.get("page_info").get("next_marker").isNull()).isTrue();
		assertThat(last.get("page_info").get("previous_marker").asString()).isEqualTo("v4");
		assertThat(last.get("version_metadatas").get(0).get("version_stages").toString()).isEqualTo("[\"SYSCURRENT\"]");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "limit=0", "limit=1001", "limit=abc", "marker=5", "marker=latest", "limit=0x10", "limit=%2B5",
					"limit=+5", "limit=%205", "limit=5%20", "limit=1e2", "limit=2&limit=3", "marker=v1&marker=v2" })
	void listVersionsWithAnInvalidQueryThen400NamingIt(String query) {
		create(Map.of("name", this.name, "secret_string", "v1"));

		Reply reply = this.api.get(path("/versions?" + query), TOKEN_A);

		reply.assertError(400, "CSMS.0002");
		assertThat(reply.json().get("error_msg").asString()).contains(query.substring(0, query.indexOf('=')));
	}

	@Test
	void deleteSecretThen200AndEverythingIsGone() {
		create(Map.of("name", this.name, "secret_string", "one"));
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two")).assertOk(200);

		assertThat(this.api.delete(path(""), TOKEN_A).assertOk(200).isMissingNode()).isTrue();
		this.api.get(path("/stages/SYSCURRENT"), TOKEN_A).assertError(404, "CSMS.0106");
		this.api.get(path(""), TOKEN_A).assertError(404, "CSMS.0106");
		this.api.delete(path(""), TOKEN_A).assertError(404, "CSMS.0106");
		assertThat(this.jdbc
			.sql("select count(*) from secret_version v join secret s on s.id = v.secret_id " + "where s.name = ?")
			.param(this.name)
			.query(Long.class)
			.single()).isZero();
		create(Map.of("name", this.name, "secret_string", "again"));
		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v1");
	}

	@Test
	void everyWriteIsAuditedWithWhoWhatWhichMoveAndTheRequestId() {
		create(Map.of("name", this.name, "secret_string", "one"));
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two")).assertOk(200);
		Reply moved = this.api.put(path("/stages/SYSCURRENT"), TOKEN_A, Map.of("version_id", "v1"));
		moved.assertOk(200);

		List<Map<String, Object>> rows = this.jdbc
			.sql("select operation, user_id, project_id, version_id, stage_name, from_version_id, request_id "
					+ "from audit_event where secret_name = ? order by id")
			.param(this.name)
			.query()
			.listOfRows();

		assertThat(rows)
			.extracting((row) -> row.get("operation") + " " + row.get("version_id") + " " + row.get("stage_name") + " "
					+ row.get("from_version_id"))
			.containsExactly("CreateSecret v1 null null", "CreateSecret v1 SYSCURRENT null",
					"CreateSecretVersion v2 null null", "CreateSecretVersion v1 SYSPREVIOUS null",
					"CreateSecretVersion v2 SYSCURRENT v1", "UpdateSecretStage v2 SYSPREVIOUS v1",
					"UpdateSecretStage v1 SYSCURRENT v2");
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.get("user_id")).isEqualTo("user-a");
			assertThat(row.get("project_id")).isEqualTo(PROJECT_A);
		});
		assertThat(rows.get(rows.size() - 1).get("request_id")).isEqualTo(moved.header("X-Request-Id"));
	}

	@Test
	void aCallerChosenRequestIdIsKeptForCorrelationButTheAuditTrailHasTheServicesOwn() throws Exception {
		create(Map.of("name", this.name, "secret_string", "one"));
		String chosen = "0123456789abcdef0123456789abcdef";
		for (String version : List.of("two", "three")) {
			EntityExchangeResult<String> result = this.client.post()
				.uri(path("/versions"))
				.header("X-Auth-Token", TOKEN_A)
				.header("X-Request-Id", chosen)
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"secret_string\":\"" + version + "\"}")
				.exchange()
				.expectBody(String.class)
				.returnResult();
			assertThat(result.getStatus().value()).isEqualTo(200);
			assertThat(result.getResponseHeaders().get("X-Request-Id")).containsExactly(chosen);
		}

		List<Map<String, Object>> rows = this.jdbc
			.sql("select request_id, service_request_id from audit_event "
					+ "where secret_name = ? and operation = 'CreateSecretVersion' and stage_name is null order by id")
			.param(this.name)
			.query()
			.listOfRows();

		assertThat(rows).hasSize(2).allSatisfy((row) -> {
			assertThat(row.get("request_id")).isEqualTo(chosen);
			assertThat((String) row.get("service_request_id")).matches("[0-9a-f]{32}").isNotEqualTo(chosen);
		});
		assertThat(rows.get(0).get("service_request_id")).isNotEqualTo(rows.get(1).get("service_request_id"));
	}

	@Test
	void valuesAreEncryptedAtRestAndACiphertextCopiedToAnotherVersionDoesNotDecrypt() {
		create(Map.of("name", this.name, "secret_string", "plaintext-marker-one"));
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "plaintext-marker-two")).assertOk(200);

		List<Map<String, Object>> rows = this.jdbc
			.sql("select v.version_id, v.kms_key_id, v.ciphertext, v.wrapped_key from secret_version v "
					+ "join secret s on s.id = v.secret_id where s.name = ? order by v.version_number")
			.param(this.name)
			.query()
			.listOfRows();
		assertThat(rows).hasSize(2).allSatisfy((row) -> {
			assertThat(row.get("kms_key_id")).isEqualTo(TestTokens.MASTER_KEY_ID);
			assertThat(new String((byte[]) row.get("ciphertext"), StandardCharsets.ISO_8859_1))
				.doesNotContain("plaintext-marker");
		});

		this.jdbc
			.sql("update secret_version set ciphertext = ?, wrapped_key = ? where version_id = 'v2' "
					+ "and secret_id = (select id from secret where name = ?)")
			.params(rows.get(0).get("ciphertext"), rows.get(0).get("wrapped_key"), this.name)
			.update();

		Reply tampered = this.api.get(path("/versions/v2"), TOKEN_A);
		tampered.assertError(500, "CSMS.0500");
		assertThat(tampered.body()).doesNotContain("plaintext-marker");
		assertThat(this.api.get(path("/versions/v1"), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_string")
			.asString()).isEqualTo("plaintext-marker-one");
	}

	@Test
	void aCiphertextOfADeletedSecretRestoredUnderOneRecreatedWithItsNameDoesNotDecrypt() {
		create(Map.of("name", this.name, "secret_string", "deleted-secret-value"));
		Map<String, Object> old = this.jdbc
			.sql("select v.kms_key_id, v.wrapped_key, v.ciphertext from secret_version v "
					+ "join secret s on s.id = v.secret_id where s.name = ? and v.version_id = 'v1'")
			.param(this.name)
			.query()
			.singleRow();
		this.api.delete(path(""), TOKEN_A).assertOk(200);
		create(Map.of("name", this.name, "secret_string", "recreated-secret-value"));

		this.jdbc
			.sql("update secret_version set kms_key_id = ?, wrapped_key = ?, ciphertext = ? where version_id = 'v1' "
					+ "and secret_id = (select id from secret where name = ?)")
			.params(old.get("kms_key_id"), old.get("wrapped_key"), old.get("ciphertext"), this.name)
			.update();

		Reply restored = this.api.get(path("/versions/v1"), TOKEN_A);
		restored.assertError(500, "CSMS.0500");
		assertThat(restored.body()).doesNotContain("deleted-secret-value");
	}

	@Test
	void valuesNeverReachTheLogs(CapturedOutput output) throws InterruptedException {
		create(Map.of("name", this.name, "secret_string", "log-canary-value-1"));
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "log-canary-value-2")).assertOk(200);
		this.api
			.post(path("/versions"), TOKEN_A,
					Map.of("secret_string", "log-canary-value-3", "version_stages", List.of("bad stage")))
			.assertError(400, "CSMS.0002");
		this.api.get(path("/versions/latest"), TOKEN_A).assertOk(200);

		assertThat(TestLogs.flushed(output)).doesNotContain("log-canary-value").doesNotContain(TOKEN_A);
	}

	private JsonNode create(Map<String, String> body) {
		return this.api.post(SECRETS, TOKEN_A, body).assertOk(200);
	}

	private String stageVersion(String stage) {
		return this.api.get(path("/stages/" + stage), TOKEN_A).assertOk(200).get("stage").get("version_id").asString();
	}

	private String path(String rest) {
		return SECRETS + "/" + this.name + rest;
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("version_metadatas").forEach((version) -> ids.add(version.get("id").asString()));
		return ids;
	}

}
