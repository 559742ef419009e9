package io.secretstage.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.secretstage.ApiTest;
import io.secretstage.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the requests that Tomcat, Spring Security's firewall and Spring MVC reject
 * themselves: each must still carry the contract's error body. Sent over a raw socket,
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
	void getWhenPathIsMalformedThen400(String secretSegment) throws IOException {
		RawResponse response = send("GET " + STAGES + secretSegment + "/stages/SYSCURRENT",
				Map.of("X-Auth-Token", TestTokens.TOKEN_A));

		response.assertError(400, "CSMS.0003");
	}

	@Test
	void getWhenMalformedAndNoTokenThen400First() throws IOException {
		send("GET " + STAGES + "demo%2Fsecret/stages/SYSCURRENT", Map.of()).assertError(400, "CSMS.0003");
	}

	@Test
	void getWhenHeadersAreOverTheLimitThen431() throws IOException {
		send("GET " + STAGES + "demo/stages/SYSCURRENT", Map.of("X-Auth-Token", "x".repeat(200 * 1024)))
			.assertError(431, "CSMS.0003");
	}

	@Test
	void getWithTwoTokensThen400() throws IOException {
		// A second header line, written through the first one's value.
		send("GET " + STAGES + "demo/stages/SYSCURRENT",
				Map.of("X-Auth-Token", TestTokens.TOKEN_A + "\r\nX-Auth-Token: " + TestTokens.TOKEN_B))
			.assertError(400, "CSMS.0003");
	}

	@Test
	void traceThen405() throws IOException {
		send("TRACE " + STAGES + "demo/stages/SYSCURRENT", Map.of()).assertError(405, "CSMS.0003");
	}

	private RawResponse send(String requestLine, Map<String, String> headers) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: localhost\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			request.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return RawResponse.read(socket.getInputStream());
		}
	}

	private record RawResponse(int status, Map<String, String> headers, String body) {

		static RawResponse read(InputStream in) throws IOException {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			in.transferTo(bytes);
			String text = bytes.toString(StandardCharsets.UTF_8);
			int split = text.indexOf("\r\n\r\n");
			String[] head = text.substring(0, split).split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < head.length; i++) {
				int colon = head[i].indexOf(':');
				headers.put(head[i].substring(0, colon).toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
			}
			return new RawResponse(Integer.parseInt(head[0].split(" ")[1]), headers, text.substring(split + 4));
		}

		void assertError(int expectedStatus, String errorCode) {
			assertThat(this.status).isEqualTo(expectedStatus);
			assertThat(this.headers).containsEntry("content-type", "application/json;charset=UTF-8");
			assertThat(this.headers.get("x-request-id")).matches("[0-9a-f]{32}");
			assertThat(this.headers).doesNotContainKey("server");
			JsonNode json = JsonMapper.shared().readTree(this.body);
			assertThat(json.get("error_code").asString()).isEqualTo(errorCode);
			assertThat(json.get("error_msg").asString()).hasSizeBetween(2, 512);
			assertThat(json.get("request_id").asString()).isEqualTo(this.headers.get("x-request-id"));
		}

	}

}
