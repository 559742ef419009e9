package io.secretstage.accesskey;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.huaweicloud.sdk.core.http.HttpMethod;
import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.ApiTest;
import io.secretstage.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.ApiErrors.assertError;
import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of how a request's credentials choose the way it is authenticated, over real
 * HTTP: a token wins over a signature, other schemes and malformed or incomplete
 * signatures are refused with a message that says why, and a signed body is read once.
 */
@ApiTest
class SignedRequestTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	private TestAccessKey key;

	private String path;

	@BeforeEach
	void keyAndSecret() {
		this.jdbc.sql("delete from access_key where user_id = 'user-a'").update();
		this.key = TestAccessKey.create(this.port, TOKEN_A, "user-a", PROJECT_A);
		String name = "signed-" + UUID.randomUUID();
		new ApiClient(this.client)
			.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A, Map.of("name", name, "secret_string", "one"))
			.assertOk(200);
		this.path = "/v1/" + PROJECT_A + "/secrets/" + name + "/stages/SYSCURRENT";
	}

	@Test
	void noCredentialsThen401SayingSo() throws Exception {
		JsonNode error = assertError(send("GET", null, Map.of()), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("neither an X-Auth-Token nor an SDK-HMAC-SHA256");
	}

	@ParameterizedTest
	@ValueSource(strings = { "V11-HMAC-SHA256", "SDK-HMAC-SM3", "AWS4-HMAC-SHA256", "Bearer" })
	void anotherSchemeThen401NamingTheOneAccepted(String scheme) throws Exception {
		Map<String, String> headers = signed("GET", null, Map.of());
		headers.put("Authorization", headers.get("Authorization").replace("SDK-HMAC-SHA256", scheme));

		JsonNode error = assertError(send("GET", null, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("not an SDK-HMAC-SHA256 signature");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SDK-HMAC-SHA256 ", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date",
			"SDK-HMAC-SHA256 Access=AK, SignedHeaders=Host, Signature=0123",
			"SDK-HMAC-SHA256 Access=, SignedHeaders=host;x-sdk-date, Signature=" })
	void malformedSignatureHeaderThen401(String authorization) throws Exception {
		Map<String, String> headers = signed("GET", null, Map.of());
		headers.put("Authorization", authorization);

		JsonNode error = assertError(send("GET", null, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("malformed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Access=AKOTHER0000000000001, Access=", "SignedHeaders=host;x-sdk-date, SignedHeaders=",
			"Date=20261129T120000Z, Signature=" })
	void signatureOfTheSdkWithAParameterRepeatedOrAddedThen401Malformed(String inserted) throws Exception {
		Map<String, String> headers = signed("GET", null, Map.of());
		String parameter = inserted.substring(inserted.lastIndexOf(' ') + 1);
		headers.put("Authorization", headers.get("Authorization").replace(parameter, inserted));

		JsonNode error = assertError(send("GET", null, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("malformed");
	}

	@Test
	void tokenBesideAnInvalidSignatureThenTheTokenDecides() throws Exception {
		Reply response = send("GET", null, Map.of("X-Auth-Token", TOKEN_A, "Authorization", "SDK-HMAC-SHA256 garbage"));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void temporaryCredentialsThen401NotSupported() throws Exception {
		JsonNode error = assertError(send("GET", null, signed("GET", null, Map.of("X-Security-Token", "temporary"))),
				401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("X-Security-Token", "not supported");
	}

	@Test
	void hostOrDateNotSignedThen401() throws Exception {
		Map<String, String> headers = signed("GET", null, Map.of());
		headers.put("Authorization", headers.get("Authorization").replace("SignedHeaders=host;", "SignedHeaders="));

		JsonNode error = assertError(send("GET", null, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("host and x-sdk-date");
	}

	@Test
	void aSignedHeaderChangedThen401() throws Exception {
		Map<String, String> headers = signed("GET", null, Map.of("X-Custom", "signed value"));
		headers.put("X-Custom", "other value");

		JsonNode error = assertError(send("GET", null, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("verify aksk signature fail");
	}

	@Test
	void payloadHashHeaderNotTheBodysThen401() throws Exception {
		String body = "{\"version_id\":\"v1\"}";
		Map<String, String> headers = signed("PUT", body, Map.of("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"));

		JsonNode error = assertError(send("PUT", body, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("X-Sdk-Content-Sha256");
	}

	@Test
	void signedChunkedBodyOverTheLimitThen413() throws Exception {
		String body = "{\"version_id\":\"" + "x".repeat(300 * 1024) + "\"}";
		// Over a raw socket: RestTestClient declares every body's length.
		StringBuilder request = new StringBuilder("PUT " + this.path + " HTTP/1.1\r\n");
		// With the Host the SDK signed.
		signed("PUT", body, Map.of()).forEach((name, value) -> request.append(name + ": " + value + "\r\n"));
		request.append("Content-Type: application/json\r\nConnection: close\r\n")
			// No length: the client sends the body in chunks, as the SDK does.
			.append("Transfer-Encoding: chunked\r\n\r\n")
			.append(RawHttp.chunked(body, 16 * 1024));

		assertError(new RawHttp(this.port).send(request.toString()), 413, "CSMS.0003");
	}

	private Map<String, String> signed(String method, String body, Map<String, String> extra) {
		return new HashMap<>(this.key.sign(this.port, HttpMethod.valueOf(method), this.path, body, extra));
	}

	private Reply send(String method, String body, Map<String, String> headers) {
		return TestAccessKey.send(this.port, method, this.path, body, headers);
	}

}
