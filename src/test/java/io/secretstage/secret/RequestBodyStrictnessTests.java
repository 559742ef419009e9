package io.secretstage.secret;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import io.secretstage.TestLogs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.ApiErrors.assertError;
import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that request bodies are read strictly over real HTTP: wrong JSON types, duplicate
 * keys, bytes that are not UTF-8, lone surrogates, nulls among the stages, expiry times
 * out of range and text PostgreSQL cannot store are each a 400, never a 500 or a value
 * read back otherwise than it was written.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class RequestBodyStrictnessTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	@Autowired
	private RestTestClient client;

	private ApiClient api;

	private String name;

	@BeforeEach
	void secret() {
		this.api = new ApiClient(this.client);
		this.name = "strict-" + UUID.randomUUID();
		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "one")).assertOk(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "[null]", "[\"x\", null]" })
	void versionStagesWithNullThen400AndNoErrorLogged(String stages, CapturedOutput output) throws Exception {
		this.api.post(versions(), TOKEN_A, "{\"secret_string\":\"x\",\"version_stages\":" + stages + "}")
			.assertError(400, "CSMS.0002");

		assertThat(TestLogs.flushed(output)).doesNotContain("Unexpected failure").doesNotContain("Failing row");
	}

	@ParameterizedTest
	@ValueSource(strings = { "9223372036854775807", "99999999999999999", "253402300800000", "999", "0" })
	void expireTimeOutOfRangeThen400(String expireTime) {
		this.api.post(versions(), TOKEN_A, "{\"secret_string\":\"x\",\"expire_time\":" + expireTime + "}")
			.assertError(400, "CSMS.0002");
	}

	@Test
	void expireTimeInThePastThen400AndInTheFutureThenReadBack() {
		long past = Instant.now().minusSeconds(60).getEpochSecond() * 1000;
		long future = Instant.now().plusSeconds(3600).getEpochSecond() * 1000;

		this.api.post(versions(), TOKEN_A, Map.of("secret_string", "x", "expire_time", past))
			.assertError(400, "CSMS.0002");
		long stored = this.api.post(versions(), TOKEN_A, Map.of("secret_string", "x", "expire_time", future))
			.assertOk(200)
			.at("/version_metadata/expire_time")
			.asLong();

		assertThat(stored).isEqualTo(future);
	}

	@Test
	void descriptionWithNulThen400NotAConflict() {
		this.api
			.post(SECRETS, TOKEN_A,
					"{\"name\":\"nul-" + UUID.randomUUID() + "\",\"secret_string\":\"x\","
							+ "\"description\":\"a\\u0000b\"}")
			.assertError(400, "CSMS.0002");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"name\":404,\"secret_string\":\"x\"}", "{\"name\":\"n-1\",\"secret_string\":true}",
			"{\"name\":\"n-1\",\"secret_string\":12345}", "{\"name\":\"n-1\",\"secret_string\":1.5}",
			"{\"name\":\"n-1\",\"secret_string\":\"x\",\"description\":false}",
			"{\"name\":\"n-1\",\"name\":\"n-2\",\"secret_string\":\"x\"}" })
	void createSecretWithAWronglyTypedOrDuplicateFieldThen400(String body) {
		this.api.post(SECRETS, TOKEN_A, body).assertError(400, "CSMS.0004");

		this.api.get(SECRETS + "/n-1", TOKEN_A).assertError(404, "CSMS.0106");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"secret_string\":\"x\",\"expire_time\":\"1800000000000\"}",
			"{\"secret_string\":\"x\",\"expire_time\":1.8e12}",
			"{\"secret_string\":\"x\",\"expire_time\":1800000000000.7}",
			"{\"secret_string\":\"x\",\"expire_time\":true}", "{\"secret_string\":\"x\",\"version_stages\":[1]}",
			"{\"secret_string\":\"x\",\"secret_string\":\"y\"}" })
	void createVersionWithAWronglyTypedOrDuplicateFieldThen400(String body) {
		this.api.post(versions(), TOKEN_A, body).assertError(400, "CSMS.0004");
	}

	@Test
	void updateStageWithADuplicateKeyThen400AndUnmoved() {
		this.api.post(versions(), TOKEN_A, Map.of("secret_string", "two")).assertOk(200);

		this.api.put(stage(), TOKEN_A, Map.of()).assertError(400, "CSMS.0002");
		assertThat(
				send("PUT", stage(), "{\"version_id\":\"v1\",\"version_id\":\"v2\"}".getBytes(StandardCharsets.UTF_8))
					.getStatus()
					.value())
			.isEqualTo(400);
		assertThat(this.api.get(stage(), TOKEN_A).assertOk(200).at("/stage/version_id").asString()).isEqualTo("v2");
	}

	@Test
	void overlongUtf8Then400() {
		byte[] body = "{\"secret_string\":\"a\u0000b\"}".getBytes(StandardCharsets.UTF_8);
		// C0 AF, an overlong '/', where the NUL placeholder was.
		byte[] overlong = new byte[body.length + 1];
		int at = indexOf(body, (byte) 0);
		System.arraycopy(body, 0, overlong, 0, at);
		overlong[at] = (byte) 0xC0;
		overlong[at + 1] = (byte) 0xAF;
		System.arraycopy(body, at + 1, overlong, at + 2, body.length - at - 1);

		EntityExchangeResult<String> response = send("POST", versions(), overlong);

		assertError(response, 400, "CSMS.0004");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\\ud800", "a\\ud800b", "\\udc00", "x\\udbff" })
	void loneSurrogateThen400(String escaped) {
		this.api.post(versions(), TOKEN_A, "{\"secret_string\":\"" + escaped + "\"}").assertError(400, "CSMS.0004");
		this.api
			.post(SECRETS, TOKEN_A,
					"{\"name\":\"s-" + UUID.randomUUID() + "\",\"secret_string\":\"x\"," + "\"description\":\""
							+ escaped + "\"}")
			.assertError(400, "CSMS.0004");
	}

	@Test
	void surrogatePairThenReadBackAsWritten() {
		this.api.post(versions(), TOKEN_A, "{\"secret_string\":\"\\ud83d\\ude00 \u00e9\"}").assertOk(200);

		assertThat(this.api.get(versions() + "/latest", TOKEN_A).assertOk(200).at("/version/secret_string").asString())
			.isEqualTo("\ud83d\ude00 \u00e9");
	}

	@Test
	void unknownFieldInASecretBodyThenIgnored() {
		// Huawei's SDKs add fields to their models from one version to the next and send
		// those a caller sets, so a field newer than the service is not refused (unlike
		// the access key bodies', AccessKeyApiTests).
		this.api.post(versions(), TOKEN_A, "{\"secret_string\":\"two\",\"x_newer_field\":{\"a\":[1]}}").assertOk(200);

		this.api.put(stage(), TOKEN_A, Map.of("version_id", "v1", "x_newer_field", "x")).assertOk(200);
		assertThat(this.api.get(stage(), TOKEN_A).assertOk(200).at("/stage/version_id").asString()).isEqualTo("v1");
	}

	@Test
	void writeToAnotherProjectOrWithoutTheWriteRoleThen403BeforeTheBodyIsRead() {
		String otherSecrets = "/v1/" + PROJECT_B + "/secrets";

		this.api.post(otherSecrets, TOKEN_A, "{").assertError(403, "CSMS.0302");
		this.api.post(otherSecrets + "/x/versions", TOKEN_A, "{\"secret_string\":12}").assertError(403, "CSMS.0302");
		this.api.put(otherSecrets + "/x/stages/SYSCURRENT", TOKEN_A, Map.of()).assertError(403, "CSMS.0302");
		this.api.post(versions(), READ_ONLY_TOKEN_A, "{\"secret_string\":").assertError(403, "CSMS.0302");
	}

	@Test
	void invalidPathVariableThen400BeforeTheProjectAndTheBody() {
		this.api.post("/v1/" + PROJECT_B + "/secrets/bad.name/versions", TOKEN_A, "{").assertError(400, "CSMS.0002");
	}

	private String versions() {
		return SECRETS + "/" + this.name + "/versions";
	}

	private String stage() {
		return SECRETS + "/" + this.name + "/stages/SYSCURRENT";
	}

	private EntityExchangeResult<String> send(String method, String path, byte[] body) {
		return this.client.method(HttpMethod.valueOf(method))
			.uri(path)
			.header("X-Auth-Token", TOKEN_A)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private static int indexOf(byte[] bytes, byte value) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

}
