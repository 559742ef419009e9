package io.secretstage.secret;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import io.secretstage.SecretFixtures;
import io.secretstage.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for a secret's metadata over real HTTP: the fields CreateSecret takes besides the
 * value, ListSecrets' pages, UpdateSecret and UpdateVersion.
 */
@ApiTest
class SecretMetadataApiTests {

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
		this.name = "metadata-" + UUID.randomUUID();
	}

	@Test
	void createSecretWithTheMetadataFieldsThenStoredAndShown() {
		JsonNode secret = this.api
			.post(SECRETS, TOKEN_A,
					Map.of("name", this.name, "secret_string", "v", "enterprise_project_id", "ep-1",
							"event_subscriptions", List.of(""), "auto_rotation", false, "rotation_period", "",
							"rotation_config", "", "rotation_func_urn", ""))
			.assertOk(200)
			.get("secret");

		assertThat(secret.get("enterprise_project_id").asString()).isEqualTo("ep-1");
		assertThat(secret.get("event_subscriptions").toString()).isEqualTo("[]");
		assertThat(secret.get("auto_rotation").asBoolean()).isFalse();
		assertThat(this.api.get(path(""), TOKEN_A).assertOk(200).get("secret")).isEqualTo(secret);
		assertThat(secret.has("rotation_period")).isFalse();
	}

	@Test
	void lengthsCountCharactersNotUtf16Units() {
		String emoji = "\uD83D\uDD11";
		JsonNode secret = this.api
			.post(SECRETS, TOKEN_A,
					Map.of("name", this.name, "secret_string", emoji.repeat(32_768), "description",
							emoji.repeat(2_048)))
			.assertOk(200)
			.get("secret");

		assertThat(secret.get("description").asString()).isEqualTo(emoji.repeat(2_048));
		assertThat(this.api.get(path("/versions/latest"), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_string")
			.asString()).isEqualTo(emoji.repeat(32_768));
		this.api.put(path(""), TOKEN_A, Map.of("description", emoji.repeat(2_049))).assertError(400, "CSMS.0002");
	}

	@Test
	void createSecretWithoutTheMetadataFieldsThenTheDefaults() {
		JsonNode secret = this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "v"))
			.assertOk(200)
			.get("secret");

		assertThat(secret.get("enterprise_project_id").asString()).isEqualTo("0");
		assertThat(secret.get("event_subscriptions").toString()).isEqualTo("[]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"auto_rotation\":true", "\"rotation_period\":\"6h\"",
			"\"rotation_config\":\"{\\\"InstanceId\\\":\\\"x\\\"}\"", "\"rotation_func_urn\":\"urn:fss:x\"",
			"\"secret_type\":\"RDS-FG\"", "\"enterprise_project_id\":\"\"",
			"\"event_subscriptions\":[\"one\",\"two\"]" })
	void createSecretAskingForRotationOrBreakingAFieldThen400AndNothingMade(String field) {
		this.api.post(SECRETS, TOKEN_A, "{\"name\":\"" + this.name + "\",\"secret_string\":\"v\"," + field + "}")
			.assertError(400, "CSMS.0002");

		this.api.get(path(""), TOKEN_A).assertError(404, "CSMS.0106");
	}

	@Test
	void createSecretSubscribedToAnEventThen404SinceNoneExists() {
		this.api
			.post(SECRETS, TOKEN_A,
					Map.of("name", this.name, "secret_string", "v", "event_subscriptions", List.of("expiry-alerts")))
			.assertError(404, "CSMS.0005");
	}

	@Test
	void listSecretsPagesByNameInByteOrderAfterAnExclusiveMarker() {
		String prefix = "list-" + UUID.randomUUID() + "-";
		for (String suffix : new String[] { "a", "A", "_", "-", "0" }) {
			create(prefix + suffix);
		}

		JsonNode first = this.api.get(SECRETS + "?limit=2&marker=" + prefix.substring(0, prefix.length() - 1), TOKEN_A)
			.assertOk(200);
		JsonNode second = this.api.get(SECRETS + "?limit=2&marker=" + prefix + "0", TOKEN_A).assertOk(200);
		JsonNode third = this.api.get(SECRETS + "?limit=1&marker=" + prefix + "_", TOKEN_A).assertOk(200);

		assertThat(names(first)).containsExactly(prefix + "-", prefix + "0");
		assertThat(first.get("page_info").toString()).isEqualTo(
				"{\"current_count\":2,\"previous_marker\":\"" + prefix + "-\",\"next_marker\":\"" + prefix + "0\"}");
		assertThat(names(second)).containsExactly(prefix + "A", prefix + "_");
		assertThat(names(third)).containsExactly(prefix + "a");
		assertThat(first.get("secrets").get(0).get("state").asString()).isEqualTo("ENABLED");
	}

	@Test
	void listSecretsPastTheLastNameThenAnEmptyPageWithoutMarkers() {
		JsonNode page = this.api.get(SECRETS + "?marker=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", TOKEN_A).assertOk(200);

		assertThat(page.toString()).isEqualTo("{\"secrets\":[],\"page_info\":{\"current_count\":0}}");
	}

	@Test
	void listSecretsOfAnEventThenNoneSinceNoEventExists() {
		create(this.name);

		assertThat(this.api.get(SECRETS + "?event_name=expiry-alerts", TOKEN_A).assertOk(200).get("secrets")).isEmpty();
	}

	@Test
	void listSecretsWithAnEmptyMarkerAndEventNameThenTheFirstPageOfAll() {
		create(this.name);

		assertThat(this.api.get(SECRETS + "?limit=3&marker=&event_name=", TOKEN_A).assertOk(200))
			.isEqualTo(this.api.get(SECRETS + "?limit=3", TOKEN_A).assertOk(200));
	}

	@Test
	void listSecretsWithoutALimitThenPagesOf50() {
		for (int i = 0; i < 51; i++) {
			create(this.name + "-" + i);
		}

		JsonNode page = this.api.get(SECRETS, TOKEN_A).assertOk(200);

		assertThat(page.get("secrets")).hasSize(50);
		assertThat(page.get("page_info").has("next_marker")).isTrue();
	}

	@Test
	void updateSecretThenTheDescriptionAndTheKeyOfTheVersionsMadeAfterwards() {
		create(this.name);

		JsonNode secret = this.api
			.put(path(""), TOKEN_A, Map.of("description", "rotated by hand", "kms_key_id",
					TestTokens.SECOND_MASTER_KEY_ID, "event_subscriptions", List.of()))
			.assertOk(200)
			.get("secret");
		JsonNode v2 = this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two"))
			.assertOk(200)
			.get("version_metadata");

		assertThat(secret.get("description").asString()).isEqualTo("rotated by hand");
		assertThat(secret.get("kms_key_id").asString()).isEqualTo(TestTokens.SECOND_MASTER_KEY_ID);
		assertThat(v2.get("kms_key_id").asString()).isEqualTo(TestTokens.SECOND_MASTER_KEY_ID);
		JsonNode v1 = this.api.get(path("/versions/v1"), TOKEN_A).assertOk(200).get("version");
		assertThat(v1.get("version_metadata").get("kms_key_id").asString()).isEqualTo(TestTokens.MASTER_KEY_ID);
		assertThat(v1.get("secret_string").asString()).isEqualTo("one");
		assertThat(this.api.get(path("/versions/v2"), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_string")
			.asString()).isEqualTo("two");
		assertThat(auditCount("UpdateSecret")).isOne();
	}

	@Test
	void updateSecretWithNothingThenTheSecretAsItIsAndNoAuditRow() {
		JsonNode created = create(this.name);

		JsonNode secret = this.api.put(path(""), TOKEN_A, Map.of()).assertOk(200).get("secret");

		assertThat(secret).isEqualTo(created.get("secret"));
		assertThat(auditCount("UpdateSecret")).isZero();
	}

	@Test
	void updateSecretWithAKeyNotHeldOrAnEventOrRotationThenRefusedAndNothingChanges() {
		create(this.name);

		this.api.put(path(""), TOKEN_A, Map.of("kms_key_id", "no-such-key", "description", "x"))
			.assertError(400, "CSMS.0401");
		this.api.put(path(""), TOKEN_A, Map.of("event_subscriptions", List.of("expiry-alerts"), "description", "x"))
			.assertError(404, "CSMS.0005");
		this.api.put(path(""), TOKEN_A, Map.of("auto_rotation", true, "description", "x"))
			.assertError(400, "CSMS.0002");
		this.api.put(SECRETS + "/no-such-secret-" + UUID.randomUUID(), TOKEN_A, Map.of("kms_key_id", "no-such-key"))
			.assertError(404, "CSMS.0106");

		assertThat(this.api.get(path(""), TOKEN_A).assertOk(200).get("secret").get("description").asString()).isEmpty();
	}

	@Test
	void updateVersionThenTheExpiryInWholeSecondsReadBack() {
		create(this.name);
		Instant expiry = Instant.now().plus(1, ChronoUnit.DAYS).plusMillis(567);

		JsonNode updated = this.api.put(path("/versions/latest"), TOKEN_A, Map.of("expire_time", expiry.toEpochMilli()))
			.assertOk(200)
			.get("version_metadata");

		long whole = expiry.truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
		assertThat(updated.get("id").asString()).isEqualTo("v1");
		assertThat(updated.get("expire_time").asLong()).isEqualTo(whole);
		assertThat(updated.get("version_stages").toString()).isEqualTo("[\"SYSCURRENT\"]");
		assertThat(this.api.get(path("/versions/v1"), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("version_metadata")
			.get("expire_time")
			.asLong()).isEqualTo(whole);
		assertThat(auditCount("UpdateVersion")).isOne();
	}

	@Test
	void updateVersionInThePastOrOfAnUnknownVersionThenRefused() {
		create(this.name);

		this.api.put(path("/versions/v1"), TOKEN_A, Map.of("expire_time", Instant.now().toEpochMilli() - 1000))
			.assertError(400, "CSMS.0002");
		this.api.put(path("/versions/v2"), TOKEN_A, Map.of("expire_time", Instant.now().toEpochMilli() + 86_400_000))
			.assertError(404, "CSMS.0005");
		this.api.put(path("/versions/v1"), TOKEN_A, "{\"expire_time\":\"1893456000000\"}")
			.assertError(400, "CSMS.0004");

		assertThat(this.api.get(path("/versions/v1"), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("version_metadata")
			.get("expire_time")
			.isNull()).isTrue();
	}

	private JsonNode create(String name) {
		return this.api.post(SECRETS, TOKEN_A, Map.of("name", name, "secret_string", "one")).assertOk(200);
	}

	private long auditCount(String operation) {
		return new SecretFixtures(this.jdbc).auditRows(PROJECT_A, this.name, operation);
	}

	private String path(String tail) {
		return SECRETS + "/" + this.name + tail;
	}

	private static List<String> names(JsonNode page) {
		List<String> names = new ArrayList<>();
		page.get("secrets").forEach((secret) -> names.add(secret.get("name").asString()));
		return names;
	}

}
