package io.secretstage.error;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.secretstage.ApiTest;
import io.secretstage.RawHttp;
import io.secretstage.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static io.secretstage.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the requests that Tomcat, Spring Security's firewall and Spring MVC reject
 * themselves: each must still carry the contract's error body. Sent with {@link RawHttp},
 * since an HTTP client would normalize or refuse these requests before sending them.
 */
@ApiTest
class FrameworkRejectionTests {

	private static final String STAGES = "/v1/" + TestTokens.PROJECT_A + "/secrets/";

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "demo%2Fsecret", "demo%2fsecret", "demo%00secret", "demo;jsessionid=1", "demo%3Bx", "..",
			"%2e%2e", "demo/../demo", "demo%zz", "demo%", "demo%C0%AF", "demo//x", "demo%5Cx" })
	void getWhenPathIsMalformedThen400(String secretSegment) {
		RawHttp.Response response = http().get(STAGES + secretSegment + "/stages/SYSCURRENT", TestTokens.TOKEN_A);

		assertError(response, 400, "CSMS.0003");
	}

	@Test
	void getWhenMalformedAndNoTokenThen400First() {
		assertError(http().get(STAGES + "demo%2Fsecret/stages/SYSCURRENT", null), 400, "CSMS.0003");
	}

	@Test
	void getWhenHeadersAreOverTheLimitThen431() {
		assertError(http().get(STAGES + "demo/stages/SYSCURRENT", "x".repeat(200 * 1024)), 431, "CSMS.0003");
	}

	@Test
	void getWithMoreHeadersThanTheLimitThen431() {
		StringBuilder headers = new StringBuilder();
		for (int i = 0; i < 101; i++) {
			headers.append("X-Extra-").append(i).append(": x\r\n");
		}

		assertError(http().send("GET " + STAGES + "demo/stages/SYSCURRENT HTTP/1.1", TestTokens.TOKEN_A,
				headers.toString()), 431, "CSMS.0003");
	}

	@Test
	void aChunkedHttp10RequestIsAnsweredAndTheConnectionClosed() {
		String body = "{\"name\":\"http10-" + UUID.randomUUID() + "\",\"secret_string\":\"v\"}";
		byte[] answer = http().exchange("POST /v1/" + TestTokens.PROJECT_A + "/secrets HTTP/1.0\r\nHost: localhost\r\n"
				+ "X-Auth-Token: " + TestTokens.TOKEN_A + "\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n" + RawHttp.chunked(body, 100) + "GET "
				+ STAGES + "demo/stages/SYSCURRENT HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + TestTokens.TOKEN_A
				+ "\r\nConnection: close\r\n\r\n");

		String text = new String(answer, StandardCharsets.ISO_8859_1);
		assertThat(text).startsWith("HTTP/1.1 200 ");
		assertThat(text.split("HTTP/1.1 ", -1)).as("answers on the connection: %s", text).hasSize(2);
	}

	@Test
	void expectContinueIsNotAnsweredBeforeTheCredentialsAreChecked() {
		byte[] answer = http().exchange("POST /v1/" + TestTokens.PROJECT_A + "/secrets HTTP/1.1\r\nHost: localhost\r\n"
				+ "X-Auth-Token: not-a-token\r\nContent-Type: application/json\r\nContent-Length: 20\r\n"
				+ "Expect: 100-continue\r\nConnection: close\r\n\r\n");

		assertThat(new String(answer, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 401 ")
			.doesNotContain("100 Continue");
	}

	@Test
	void getWithTwoTokensThen400() {
		assertError(http().send("GET " + STAGES + "demo/stages/SYSCURRENT HTTP/1.1", TestTokens.TOKEN_A,
				"X-Auth-Token: " + TestTokens.TOKEN_B + "\r\n"), 400, "CSMS.0003");
	}

	@Test
	void traceThen405() {
		assertError(http().send("TRACE " + STAGES + "demo/stages/SYSCURRENT HTTP/1.1", null, ""), 405, "CSMS.0003");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET " + STAGES + "demo/stages/SYSCURRENT\r\n", "GET /openapi.json\r\n", "GET /v1/x\r\n",
			"HEAD /openapi.json\r\n" })
	void http09RequestThenNothingAnsweredAndTheConnectionClosed(String request) {
		assertThat(new String(http().exchange(request), StandardCharsets.ISO_8859_1)).isEmpty();
	}

	private RawHttp http() {
		return new RawHttp(this.port);
	}

}
