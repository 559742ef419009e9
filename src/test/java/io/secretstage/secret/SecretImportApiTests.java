package io.secretstage.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for BatchImportSecrets over real HTTP: each entry made or refused as CreateSecret
 * would, none stopping the others, and nothing of a refused entry written.
 */
@ApiTest
class SecretImportApiTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	private static final String IMPORT = SECRETS + "/batch-import";

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	private ApiClient api;

	private String prefix;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.client);
		this.prefix = "import-" + UUID.randomUUID() + "-";
	}

	@Test
	void importThenEachEntryMadeOrReportedWithTheErrorCreateSecretWouldGive() {
		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.prefix + "taken", "secret_string", "x")).assertOk(200);
		String body = """
				{"secrets": [
				  {"name": "%1$sone", "secret_string": "first", "description": "imported"},
				  {"name": "%1$sone", "secret_string": "second"},
				  {"name": "%1$staken", "secret_string": "x"},
				  {"name": "%1$sbad.name", "secret_string": "x"},
				  {"secret_string": "no name"},
				  {"name": "%1$stwo", "secret_binary": "AAEC"},
				  {"name": "%1$stype", "secret_string": "x", "description": 5},
				  "not an object",
				  {"name": "%1$sevent", "secret_string": "x", "event_subscriptions": ["expiry-alerts"]},
				  {"name": "%1$srotating", "secret_string": "x", "auto_rotation": true},
				  {"name": "%1$sbinary", "secret_binary": "not base64!"}
				]}""".formatted(this.prefix);

		JsonNode result = this.api.post(IMPORT, TOKEN_A, body).assertOk(200);

		assertThat(result.get("total").asInt()).isEqualTo(11);
		assertThat(result.get("success").asInt()).isEqualTo(2);
		assertThat(result.get("failed").asInt()).isEqualTo(9);
		assertThat(errors(result)).containsExactly(this.prefix + "one=CSMS.0409: The secret already exists.",
				this.prefix + "taken=CSMS.0409: The secret already exists.",
				this.prefix + "bad.name=CSMS.0002: The value of parameter name is invalid.",
				"=CSMS.0002: The value of parameter name is invalid.",
				this.prefix + "type=CSMS.0004: The requested body format is wrong.",
				"=CSMS.0004: The requested body format is wrong.",
				this.prefix + "event=CSMS.0005: The resource does not exist.",
				this.prefix + "rotating=CSMS.0002: The value of parameter auto_rotation is invalid.",
				this.prefix + "binary=CSMS.0002: The value of parameter secret_binary is invalid.");
		assertThat(this.api.get(SECRETS + "/" + this.prefix + "one/versions/latest", TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_string")
			.asString()).isEqualTo("first");
		assertThat(this.api.get(SECRETS + "/" + this.prefix + "two/versions/latest", TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_binary")
			.asString()).isEqualTo("AAEC");
		assertThat(this.jdbc.sql("select name from secret where project_id = ? and name like ? order by name")
			.params(PROJECT_A, this.prefix + "%")
			.query(String.class)
			.list()).containsExactly(this.prefix + "one", this.prefix + "taken", this.prefix + "two");
		assertThat(this.jdbc
			.sql("select count(*) from audit_event where project_id = ? and operation = 'BatchImportSecrets'"
					+ " and secret_name like ? and stage_name is null and version_id = 'v1'")
			.params(PROJECT_A, this.prefix + "%")
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void importOfAHundredLargeValuesThenAllMadeInABodyOverTheUsualLimit() {
		String value = "v".repeat(30_000);
		List<Map<String, String>> entries = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			entries.add(Map.of("name", this.prefix + i, "secret_string", value));
		}

		JsonNode result = this.api.post(IMPORT, TOKEN_A, Map.of("secrets", entries)).assertOk(200);

		assertThat(result.get("success").asInt()).isEqualTo(100);
		assertThat(result.get("error_list")).isEmpty();
	}

	@Test
	void importOfABodyOverItsLimitThen413AndNothingMade() {
		String value = "v".repeat(32_768);
		List<Map<String, String>> entries = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			entries.add(Map.of("name", this.prefix + i, "secret_string", value, "description", "d".repeat(2048)));
		}
		// About 3.5 MB of entries, padded past 6 MB with whitespace that JSON allows.
		String body = "{\"secrets\":" + JsonMapper.shared().writeValueAsString(entries) + " ".repeat(3 * 1024 * 1024)
				+ "}";

		this.api.post(IMPORT, TOKEN_A, body).assertError(413, "CSMS.0003");

		assertThat(this.jdbc.sql("select count(*) from secret where name like ?")
			.param(this.prefix + "%")
			.query(Long.class)
			.single()).isZero();
	}

	private static List<String> errors(JsonNode result) {
		List<String> errors = new ArrayList<>();
		result.get("error_list")
			.forEach((error) -> errors.add(error.get("name").asString() + "=" + error.get("error_msg").asString()));
		return errors;
	}

}
