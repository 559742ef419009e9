package io.secretstage.error;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.secretstage.ApiTest;
import io.secretstage.RawHttp;
import io.secretstage.TestInstances;
import io.secretstage.TestLogs;
import io.secretstage.TestTokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static io.secretstage.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that no credential reaches the log when a request carries one in a head that
 * Tomcat, Spring Security's firewall or the service refuses: tokens, SDK-HMAC-SHA256
 * signatures (access key id and signature) and secret keys, in header lines with a stray
 * CR, a bare LF, a NUL or other control characters, bytes over 0x7F, folded lines, a
 * header name with a space, lines and heads over the size limit, too many headers, a
 * malformed request line, HTTP/0.9. Each request still gets the contract's error (or, for
 * HTTP/0.9, nothing), and its refusal is still logged, by its request id.
 * <p>
 * Tomcat logs a malformed head, with its offending line, once a day per connection
 * processor at INFO, then at DEBUG: a test in the shared context would see it only for
 * the first malformed request each processor takes. So these requests go to an instance
 * of their own, started with Tomcat's {@code UserDataHelper} set to log every occurrence
 * at INFO: each case shows whatever would reach the log of a production instance with
 * that case first.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class RefusedRequestLogTests {

	private static final String USER_DATA_LOG = "org.apache.juli.logging.UserDataHelper.CONFIG";

	private static final SecureRandom random = new SecureRandom();

	/** A token no deployment knows, with a random part that nothing else logs. */
	private static final String TOKEN = "MIIleak-" + hex(16) + "-" + hex(16);

	/**
	 * An access key id in the form of Huawei Cloud's: 20 upper-case letters and digits.
	 */
	private static final String ACCESS_KEY = alphanumeric(20).toUpperCase(Locale.ROOT);

	/** A signature: 64 hex digits. */
	private static final String SIGNATURE = hex(32);

	/** A secret key, which a client should never send but might. */
	private static final String SECRET_KEY = alphanumeric(40);

	private static final String AUTHORIZATION = "SDK-HMAC-SHA256 Access=" + ACCESS_KEY
			+ ", SignedHeaders=host;x-sdk-date, Signature=" + SIGNATURE;

	private static final String PATH = "/v1/" + TestTokens.PROJECT_A + "/secrets/demo/stages/SYSCURRENT";

	private static final String REQUEST_LINE = "GET " + PATH + " HTTP/1.1\r\n";

	private static final int OVER_THE_LIMIT = 100 * 1024;

	private static @Nullable ConfigurableApplicationContext instance;

	private static @Nullable String userDataLog;

	@BeforeAll
	static void startAnInstanceThatLogsEveryMalformedHead(@Autowired JdbcConnectionDetails database) {
		userDataLog = System.getProperty(USER_DATA_LOG);
		System.setProperty(USER_DATA_LOG, "INFO_ALL");
		Map<String, Object> settings = TestInstances.settings(database.getJdbcUrl(), database.getUsername(),
				String.valueOf(database.getPassword()));
		// Every request answered is logged: by the access log, or as refused before it.
		settings.put("logging.level.io.secretstage.access", "info");
		instance = TestInstances.start(settings);
	}

	@AfterAll
	static void stopTheInstance() {
		if (instance != null) {
			instance.close();
			instance = null;
		}
		if (userDataLog != null) {
			System.setProperty(USER_DATA_LOG, userDataLog);
		}
		else {
			System.clearProperty(USER_DATA_LOG);
		}
	}

	static Stream<Case> requests() {
		String half = TOKEN.substring(0, TOKEN.length() / 2);
		String otherHalf = TOKEN.substring(TOKEN.length() / 2);
		List<Case> cases = new ArrayList<>();
		// A token or signature read from a file with Windows line endings.
		cases.add(head("token with a stray CR", "X-Auth-Token: " + TOKEN + "\r\r\n", 400, "CSMS.0003"));
		cases.add(head("signature with a stray CR",
				"Authorization: " + AUTHORIZATION + "\r\r\nX-Sdk-Date: 20250101T000000Z\r\n", 400, "CSMS.0003"));
		cases.add(head("token with a stray CR inside", "X-Auth-Token: " + half + "\r" + otherHalf + "\r\n", 400,
				"CSMS.0003"));
		// A bare LF ends the line: what follows it is a header line without a colon.
		cases.add(head("token with a bare LF inside", "X-Auth-Token: " + half + "\n" + otherHalf + "\r\n", 400,
				"CSMS.0003"));
		cases.add(head("signature with a bare LF inside", "Authorization: SDK-HMAC-SHA256 Access=" + ACCESS_KEY
				+ ",\nSignedHeaders=host, Signature=" + SIGNATURE + "\r\n", 400, "CSMS.0003"));
		cases.add(head("token with a NUL", "X-Auth-Token: " + half + "\u0000" + otherHalf + "\r\n", 400, "CSMS.0003"));
		cases.add(head("signature with a NUL", "Authorization: " + AUTHORIZATION + "\u0000\r\n", 400, "CSMS.0003"));
		cases.add(head("token with DEL", "X-Auth-Token: " + TOKEN + "\u007f\r\n", 400, "CSMS.0003"));
		cases.add(head("token with an escape", "X-Auth-Token: \u001b[0m" + TOKEN + "\r\n", 400, "CSMS.0003"));
		cases.add(head("token with a vertical tab", "X-Auth-Token: " + TOKEN + "\u000b\r\n", 400, "CSMS.0003"));
		cases.add(head("secret key with a NUL",
				"Authorization: SDK-HMAC-SHA256 Access=" + ACCESS_KEY + ", Secret=" + SECRET_KEY + "\u0000\r\n", 400,
				"CSMS.0003"));
		// Bytes over 0x7F: Tomcat takes them (obs-text); the firewall refuses the C1
		// controls; other characters make a token nobody issued.
		cases.add(head("token with a C1 control", "X-Auth-Token: " + TOKEN + "\u0085\r\n", 400, "CSMS.0003"));
		cases.add(head("token with UTF-8", "X-Auth-Token: " + TOKEN + utf8("\u00e9") + "\r\n", 401, "APIGW.0301"));
		cases.add(head("token with UTF-8 holding a C1 byte", "X-Auth-Token: " + TOKEN + utf8("\u2028") + "\r\n", 400,
				"CSMS.0003"));
		cases.add(head("token with 0xFF", "X-Auth-Token: " + TOKEN + "\u00ff\r\n", 401, "APIGW.0301"));
		cases.add(head("signature with UTF-8", "Authorization: " + AUTHORIZATION + utf8("\u00e9") + "\r\n", 401,
				"APIGW.0301"));
		cases.add(head("header name with UTF-8", utf8("X-\u00c4uth-Token") + ": " + TOKEN + "\r\n", 400, "CSMS.0003"));
		// Folded lines (obs-fold): Tomcat joins them with a space.
		cases.add(head("token folded", "X-Auth-Token: " + half + "\r\n " + otherHalf + "\r\n", 401, "APIGW.0301"));
		cases.add(head("signature folded", "Authorization: SDK-HMAC-SHA256 Access=" + ACCESS_KEY
				+ ",\r\n\tSignedHeaders=host, Signature=" + SIGNATURE + "\r\n", 401, "APIGW.0301"));
		cases.add(head("header name with a space", "X-Auth Token: " + TOKEN + "\r\n", 400, "CSMS.0003"));
		cases.add(head("space before the colon", "X-Auth-Token : " + TOKEN + "\r\n", 400, "CSMS.0003"));
		cases.add(head("tab in the header name", "X-Auth-Token\t: " + TOKEN + "\r\n", 400, "CSMS.0003"));
		cases.add(head("header line without a colon", "X-Auth-Token " + TOKEN + "\r\n", 400, "CSMS.0003"));
		cases.add(head("empty header name", ": " + TOKEN + "\r\n", 400, "CSMS.0003"));
		cases.add(head("secret key in a header name with a space", "X-Sdk-Secret Key: " + SECRET_KEY + "\r\n", 400,
				"CSMS.0003"));
		cases.add(head("signature in the header name", AUTHORIZATION + "\r\n", 400, "CSMS.0003"));
		// Over the size limits, and more headers than Tomcat takes.
		cases.add(head("token after a long value", "X-Auth-Token: " + "A".repeat(OVER_THE_LIMIT) + TOKEN + "\r\n", 431,
				"CSMS.0003"));
		cases.add(head("token before a long value", "X-Auth-Token: " + TOKEN + "A".repeat(OVER_THE_LIMIT) + "\r\n", 431,
				"CSMS.0003"));
		cases.add(head("heads over the limit", ("X-Auth-Token: " + TOKEN + "\r\nAuthorization: " + AUTHORIZATION
				+ "\r\nX-Padding: " + "p".repeat(5000) + "\r\n")
			.repeat(20), 431, "CSMS.0003"));
		cases.add(head("more headers than Tomcat takes", ("X-Auth-Token: " + TOKEN + "\r\n").repeat(101), 431,
				"CSMS.0003"));
		// Headers that Tomcat reads itself.
		cases.add(new Case("token in the Host header",
				REQUEST_LINE + "Host: " + TOKEN + "{x}\r\nConnection: close\r\n\r\n", 400, "CSMS.0003"));
		cases.add(head("token in Content-Length", "Content-Length: " + TOKEN + "\r\n", 400, "CSMS.0003"));
		cases.add(head("token in Transfer-Encoding", "Transfer-Encoding: " + TOKEN + "\r\n", 400, "CSMS.0003"));
		// Parsed for a session id, which the service never uses. (The cookie parser's
		// log helper is static: it logs every occurrence only if this class loads it.)
		cases.add(head("token in a malformed cookie", "Cookie: token=" + TOKEN + "\"; ,=; a b=\"\r\n", 401,
				"APIGW.0301"));
		// Malformed request lines.
		cases.add(new Case("token in a request target with a bad character", "GET " + PATH + "?X-Auth-Token=" + TOKEN
				+ "{} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, "CSMS.0003"));
		cases.add(new Case("token after a space in the request target",
				"GET " + PATH + "?a=b " + TOKEN + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400,
				"CSMS.0003"));
		cases.add(new Case("token as the HTTP version",
				"GET " + PATH + " " + TOKEN + "\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, "CSMS.0003"));
		cases.add(new Case("token after a bad HTTP version", "GET " + PATH + " HTTP/1.1x\r\nX-Auth-Token:" + TOKEN
				+ "\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, "CSMS.0003"));
		cases.add(new Case("token after a request line ended by a CR alone",
				"GET " + PATH + " HTTP/1.1\rX-Auth-Token:" + TOKEN + "\r\nHost: localhost\r\nConnection: close\r\n\r\n",
				400, "CSMS.0003"));
		cases.add(new Case("headers without a request line",
				"X-Auth-Token:" + TOKEN + "\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, "CSMS.0003"));
		cases.add(new Case("signature without a request line",
				"Authorization:" + AUTHORIZATION.replace(" ", "") + "\r\nHost: localhost\r\nConnection: close\r\n\r\n",
				400, "CSMS.0003"));
		cases.add(new Case("token in the method",
				TOKEN + "\u0001 " + PATH + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400,
				"CSMS.0003"));
		cases.add(new Case(
				"request line over the limit", "GET " + PATH + "?X-Auth-Token=" + TOKEN + "&p="
						+ "p".repeat(OVER_THE_LIMIT) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
				431, "CSMS.0003"));
		// HTTP/0.9: nothing is answered.
		cases.add(new Case("HTTP/0.9 with the token in the query", "GET " + PATH + "?X-Auth-Token=" + TOKEN + "\r\n", 0,
				""));
		cases.add(new Case("HTTP/0.9 followed by headers",
				"GET " + PATH + "\r\nX-Auth-Token: " + TOKEN + "\r\nAuthorization: " + AUTHORIZATION + "\r\n\r\n", 0,
				""));
		// Well-formed HTTP, malformed credentials: the service refuses them itself.
		cases.add(head("signature without commas", "Authorization: SDK-HMAC-SHA256 Access=" + ACCESS_KEY
				+ " SignedHeaders=host Signature=" + SIGNATURE + "\r\n", 401, "APIGW.0301"));
		cases.add(head("signature of an unknown key",
				"Authorization: " + AUTHORIZATION + "\r\nX-Sdk-Date: 20250101T000000Z\r\n", 401, "APIGW.0301"));
		cases.add(head("token and signature with a secret key",
				"X-Auth-Token: " + TOKEN + "\r\nAuthorization: " + AUTHORIZATION + ", SecretKey=" + SECRET_KEY + "\r\n",
				401, "APIGW.0301"));
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requests")
	void noCredentialIsLoggedAndTheRefusalIs(Case request, CapturedOutput output) {
		RawHttp http = new RawHttp(TestInstances.port(instance()));
		int before = TestLogs.flushed(output).length();
		String requestId = null;
		if (request.status() == 0) {
			assertThat(new String(http.exchange(request.wire()), StandardCharsets.ISO_8859_1)).isEmpty();
		}
		else {
			requestId = assertError(http.send(request.wire()), request.status(), request.errorCode()).get("request_id")
				.asString();
		}
		String logged = TestLogs.flushed(output).substring(before);
		// Not even a part of one: no 12 of its characters in a row.
		for (String secret : List.of(TOKEN, ACCESS_KEY, SIGNATURE, SECRET_KEY)) {
			for (int at = 0; at + 12 <= secret.length(); at++) {
				assertThat(logged).as("what was logged for: %s", request).doesNotContain(secret.substring(at, at + 12));
			}
		}
		if (requestId != null) {
			assertThat(logged).as("what was logged for: %s", request).contains(requestId);
		}
	}

	private static ConfigurableApplicationContext instance() {
		assertThat(instance).isNotNull();
		return instance;
	}

	/** A GET with these header lines between its {@code Host} and {@code Connection}. */
	private static Case head(String name, String headerLines, int status, String errorCode) {
		return new Case(name, REQUEST_LINE + "Host: localhost\r\n" + headerLines + "Connection: close\r\n\r\n", status,
				errorCode);
	}

	private static String hex(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

	private static String alphanumeric(int length) {
		String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		StringBuilder value = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			value.append(chars.charAt(random.nextInt(chars.length())));
		}
		return value.toString();
	}

	/** A text's UTF-8 bytes, as wire bytes. */
	private static String utf8(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	/**
	 * A request and its answer.
	 *
	 * @param name what the case is
	 * @param wire the whole request, as wire bytes
	 * @param status the status answered, 0 for no answer at all
	 * @param errorCode the error code answered
	 */
	record Case(String name, String wire, int status, String errorCode) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
