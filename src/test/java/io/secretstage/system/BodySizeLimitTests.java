package io.secretstage.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BodySizeFilter}: bodies over the limit (256 KB) get 413, whether their
 * length is declared or not, and the largest valid body still passes.
 */
@ApiTest
class BodySizeLimitTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	@LocalServerPort
	private int port;

	@Test
	void postWhenDeclaredLengthIsOverTheLimitThen413AndNothingIsCreated() {
		ApiClient api = new ApiClient(this.port);
		String name = "large-" + UUID.randomUUID();

		api.post(SECRETS, TOKEN_A, body(name, "x".repeat(300 * 1024))).assertError(413, "CSMS.0003");

		api.get(SECRETS + "/" + name, TOKEN_A).assertError(404, "CSMS.0106");
	}

	@Test
	void postWhenChunkedBodyGrowsOverTheLimitThen413AndNothingIsCreated() throws Exception {
		String name = "chunked-" + UUID.randomUUID();
		byte[] bytes = body(name, "x".repeat(300 * 1024)).getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + SECRETS))
			.header("X-Auth-Token", TOKEN_A)
			.header("Content-Type", "application/json")
			// No length: the client sends the body in chunks.
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(bytes)))
			.build();

		HttpResponse<String> response = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/json;charset=UTF-8");
		assertThat(JsonMapper.shared().readTree(response.body()).get("error_code").asString()).isEqualTo("CSMS.0003");
		new ApiClient(this.port).get(SECRETS + "/" + name, TOKEN_A).assertError(404, "CSMS.0106");
	}

	@Test
	void postWhenTheLargestValueIsEscapedInFullThen200() {
		ApiClient api = new ApiClient(this.port);
		String name = "escaped-" + UUID.randomUUID();
		// 32,768 characters, each written as a six-byte JSON escape: 192 KB of body.
		String escaped = "\\u00e9".repeat(32_768);

		api.post(SECRETS, TOKEN_A, body(name, escaped)).assertOk(200);

		String value = api.get(SECRETS + "/" + name + "/versions/latest", TOKEN_A)
			.assertOk(200)
			.at("/version/secret_string")
			.asString();
		assertThat(value).isEqualTo("\u00e9".repeat(32_768));
	}

	private static String body(String name, String rawValue) {
		return "{\"name\": \"" + name + "\", \"secret_string\": \"" + rawValue + "\"}";
	}

}
