package io.secretstage.http;

import java.util.UUID;

import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import io.secretstage.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.ApiErrors.assertError;
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

	@Autowired
	private RestTestClient client;

	@Test
	void postWhenDeclaredLengthIsOverTheLimitThen413AndNothingIsCreated() {
		ApiClient api = new ApiClient(this.client);
		String name = "large-" + UUID.randomUUID();

		api.post(SECRETS, TOKEN_A, body(name, "x".repeat(300 * 1024))).assertError(413, "CSMS.0003");

		api.get(SECRETS + "/" + name, TOKEN_A).assertError(404, "CSMS.0106");
	}

	@Test
	void postWhenChunkedBodyGrowsOverTheLimitThen413AndNothingIsCreated() throws Exception {
		String name = "chunked-" + UUID.randomUUID();
		String body = body(name, "x".repeat(300 * 1024));
		// Over a raw socket: RestTestClient declares every body's length.
		String request = "POST " + SECRETS + " HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + TOKEN_A
				+ "\r\nContent-Type: application/json\r\nConnection: close\r\n"
				// No length: the client sends the body in chunks.
				+ "Transfer-Encoding: chunked\r\n\r\n" + RawHttp.chunked(body, 16 * 1024);

		RawHttp.Response response = new RawHttp(this.port).send(request);

		assertError(response, 413, "CSMS.0003");
		new ApiClient(this.client).get(SECRETS + "/" + name, TOKEN_A).assertError(404, "CSMS.0106");
	}

	@Test
	void postWhenTheLargestValueIsEscapedInFullThen200() {
		ApiClient api = new ApiClient(this.client);
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
