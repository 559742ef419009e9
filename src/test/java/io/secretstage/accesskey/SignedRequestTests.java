package io.secretstage.accesskey;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.huaweicloud.sdk.core.http.HttpMethod;
import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

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
	private JdbcClient jdbc;

	private TestAccessKey key;

	private String path;

	@BeforeEach
	void keyAndSecret() {
		this.jdbc.sql("delete from access_key where user_id = 'user-a'").update();
		this.key = TestAccessKey.create(this.port, TOKEN_A, "user-a", PROJECT_A);
		String name = "signed-" + UUID.randomUUID();
		new ApiClient(this.port)
			.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A, Map.of("name", name, "secret_string", "one"))
			.assertOk(200);
		this.path = "/v1/" + PROJECT_A + "/secrets/" + name + "/stages/SYSCURRENT";
	}

	@Test
	void noCredentialsThen401SayingSo() throws Exception {
		JsonNode error = refused(send("GET", null, Map.of()), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("neither an X-Auth-Token nor an SDK-HMAC-SHA256");
	}

	@ParameterizedTest
	@ValueSource(strings = { "V11-HMAC-SHA256", "SDK-HMAC-SM3", "AWS4-HMAC-SHA256", "Bearer" })
	void anotherSchemeThen401NamingTheOneAccepted(String scheme) throws Exception {
		Map<String, String> headers = signed("GET", null, Map.of());
		headers.put("Authorization", headers.get("Authorization").replace("SDK-HMAC-SHA256", scheme));

		JsonNode error = refused(send("GET", null, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("not an SDK-HMAC-SHA256 signature");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SDK-HMAC-SHA256 ", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date",
			"SDK-HMAC-SHA256 Access=AK, SignedHeaders=Host, Signature=0123",
			"SDK-HMAC-SHA256 Access=, SignedHeaders=host;x-sdk-date, Signature=" })
	void malformedSignatureHeaderThen401(String authorization) throws Exception {
		Map<String, String> headers = signed("GET", null, Map.of());
		headers.put("Authorization", authorization);

		JsonNode error = refused(send("GET", null, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("malformed");
	}

	@Test
	void tokenBesideAnInvalidSignatureThenTheTokenDecides() throws Exception {
		HttpResponse<String> response = send("GET", null,
				Map.of("X-Auth-Token", TOKEN_A, "Authorization", "SDK-HMAC-SHA256 garbage"));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void temporaryCredentialsThen401NotSupported() throws Exception {
		JsonNode error = refused(send("GET", null, signed("GET", null, Map.of("X-Security-Token", "temporary"))), 401,
				"APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("X-Security-Token", "not supported");
	}

	@Test
	void hostOrDateNotSignedThen401() throws Exception {
		Map<String, String> headers = signed("GET", null, Map.of());
		headers.put("Authorization", headers.get("Authorization").replace("SignedHeaders=host;", "SignedHeaders="));

		JsonNode error = refused(send("GET", null, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("host and x-sdk-date");
	}

	@Test
	void aSignedHeaderChangedThen401() throws Exception {
		Map<String, String> headers = signed("GET", null, Map.of("X-Custom", "signed value"));
		headers.put("X-Custom", "other value");

		JsonNode error = refused(send("GET", null, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("verify aksk signature fail");
	}

	@Test
	void payloadHashHeaderNotTheBodysThen401() throws Exception {
		String body = "{\"version_id\":\"v1\"}";
		Map<String, String> headers = signed("PUT", body, Map.of("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"));

		JsonNode error = refused(send("PUT", body, headers), 401, "APIGW.0301");

		assertThat(error.get("error_msg").asString()).contains("X-Sdk-Content-Sha256");
	}

	@Test
	void signedChunkedBodyOverTheLimitThen413() throws Exception {
		String body = "{\"version_id\":\"" + "x".repeat(300 * 1024) + "\"}";
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + this.path))
			.header("Content-Type", "application/json")
			// No length: the client sends the body in chunks, as the SDK does.
			.PUT(BodyPublishers.fromPublisher(BodyPublishers.ofString(body)));
		signed("PUT", body, Map.of()).forEach((name, value) -> {
			if (!name.equalsIgnoreCase("Host")) {
				request.header(name, value);
			}
		});

		try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

			refused(response, 413, "CSMS.0003");
		}
	}

	private Map<String, String> signed(String method, String body, Map<String, String> extra) {
		return new HashMap<>(this.key.sign(this.port, HttpMethod.valueOf(method), this.path, body, extra));
	}

	private HttpResponse<String> send(String method, String body, Map<String, String> headers) throws Exception {
		return TestAccessKey.send(this.port, method, this.path, body, headers);
	}

	private static JsonNode refused(HttpResponse<String> response, int status, String errorCode) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
		JsonNode error = JsonMapper.shared().readTree(response.body());
		assertThat(error.get("error_code").asString()).isEqualTo(errorCode);
		assertThat(error.get("request_id").asString()).matches("[0-9a-f]{32}");
		return error;
	}

}
