package io.secretstage.error;

import java.nio.charset.StandardCharsets;

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
