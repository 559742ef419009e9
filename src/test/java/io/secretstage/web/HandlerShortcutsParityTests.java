package io.secretstage.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.secretstage.ApiTest;
import io.secretstage.RawHttp;
import io.secretstage.TestInstances;
import io.secretstage.TestTokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static io.secretstage.TestTokens.TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link ApiHandlerAdapter}'s shortcuts answer exactly as Spring MVC's own
 * machinery does: every route and every kind of error, sent over raw HTTP to the shared
 * instance (shortcuts on) and to an instance with
 * {@code csms.web.handler-shortcuts=false} on the same database, gets the same status
 * line, headers and body bytes. Reads and errors are compared byte for byte (with the
 * same {@code X-Request-Id}); writes, made on twin secrets of two projects, byte for byte
 * but for the ids and times each write makes.
 */
@ApiTest
class HandlerShortcutsParityTests {

	private static final String REQUEST_ID = "0123456789abcdef0123456789abcdef";

	private static final Pattern MADE_BY_A_WRITE = Pattern.compile(
			"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(\"(create|update|scheduled_delete)_time\":)[0-9]+");

	private static @Nullable ConfigurableApplicationContext stock;

	@LocalServerPort
	private int shortcutsPort;

	@Autowired
	private RequestMappingHandlerAdapter handlers;

	@BeforeAll
	static void startAnInstanceWithoutTheShortcuts(@Autowired JdbcConnectionDetails database) {
		Map<String, Object> settings = TestInstances.settings(database.getJdbcUrl(), database.getUsername(),
				String.valueOf(database.getPassword()));
		settings.put("csms.web.handler-shortcuts", "false");
		stock = TestInstances.start(settings);
		assertThat(stock.getBean(RequestMappingHandlerAdapter.class)).isNotInstanceOf(ApiHandlerAdapter.class);
	}

	@AfterAll
	static void stopIt() {
		if (stock != null) {
			stock.close();
		}
	}

	@Test
	void theSharedInstanceTakesTheShortcuts() {
		assertThat(this.handlers).isInstanceOf(ApiHandlerAdapter.class);
	}

	@Test
	void everyReadThenTheSameBytes() {
		String secret = secretWithVersionsAndStages();
		String base = "/v1/" + PROJECT_A + "/secrets/" + secret;

		for (String target : List.of(base, base + "/stages/SYSCURRENT", base + "/stages/SYSPREVIOUS",
				base + "/stages/parity", base + "/versions", base + "/versions?limit=1", base + "/versions/v1",
				base + "/versions/latest", "/v1/" + PROJECT_A + "/secrets?limit=2&marker=" + secret,
				"/v3.0/OS-CREDENTIAL/credentials", "/openapi.json")) {
			assertSameAnswers(request("GET", target, TOKEN_A, null), false);
		}
	}

	@Test
	void everyKindOfErrorThenTheSameBytes() {
		String secret = secretWithVersionsAndStages();
		String base = "/v1/" + PROJECT_A + "/secrets/" + secret;
		String invalid = "/v1/short/secrets/bad.name";
		List<String> requests = List.of(
				// Path values that break their patterns, one or all of them, on each
				// route
				request("GET", "/v1/short/secrets/" + secret + "/stages/SYSCURRENT", TOKEN_A, null),
				request("GET", invalid + "/stages/" + "s".repeat(65), TOKEN_A, null),
				request("PUT", invalid + "/stages/parity", TOKEN_A, "{\"version_id\":\"v1\"}"),
				request("DELETE", base + "/stages/bad%20stage", TOKEN_A, null), request("GET", invalid, TOKEN_A, null),
				request("DELETE", invalid, TOKEN_A, null),
				request("POST", "/v1/short/secrets", TOKEN_A, "{\"name\":\"x\",\"secret_string\":\"x\"}"),
				request("GET", invalid + "/versions", TOKEN_A, null),
				request("POST", invalid + "/versions", TOKEN_A, "{\"secret_string\":\"x\"}"),
				request("GET", base + "/versions/x1", TOKEN_A, null),
				request("GET", base + "/versions?limit=0x10", TOKEN_A, null),
				request("GET", "/v3.0/OS-CREDENTIAL/credentials/bad-key", TOKEN_A, null),
				request("GET", "/v1/" + PROJECT_A + "/secrets?limit=0", TOKEN_A, null),
				request("PUT", base, TOKEN_A, "{\"auto_rotation\":true}"),
				request("PUT", base + "/versions/v1", TOKEN_A, "{}"),
				request("POST", base + "/scheduled-deleted-tasks/create", TOKEN_A, "{\"recovery_window_in_days\":1}"),
				request("POST", base + "/scheduled-deleted-tasks/cancel", TOKEN_A, null),
				request("POST", "/v1/" + PROJECT_A + "/secrets/batch-import", TOKEN_A, "{\"secrets\":[]}"),
				request("POST", "/v1/short/csms/generate-password", TOKEN_A, "{}"),
				request("POST", "/v1/" + PROJECT_A + "/csms/generate-password", TOKEN_A, "{\"length\":0}"),
				request("POST", "/v1/" + PROJECT_A + "/csms/generate-password", TOKEN_A, "{\"lenght\":8}"),
				request("POST", invalid + "/backup", TOKEN_A, null),
				request("POST", "/v1/short/secrets/restore", TOKEN_A, "{\"secret_blob\":\"x\"}"),
				request("POST", "/v1/" + PROJECT_A + "/secrets/restore", TOKEN_A, "{}"),
				request("POST", "/v1/" + PROJECT_A + "/secrets/restore", TOKEN_A, "{\"secret_blob\":\"CSMSBK1.x\"}"),
				request("POST", base + "-missing/backup", TOKEN_A, null),
				// Credentials, scope, existence, routes, methods and bodies
				request("GET", base + "/stages/SYSCURRENT", null, null),
				request("GET", base + "/stages/SYSCURRENT", TestTokens.EXPIRED_TOKEN_A, null),
				request("GET", base + "/stages/SYSCURRENT", TOKEN_B, null),
				request("GET", base + "-missing", TOKEN_A, null),
				request("GET", base + "/stages/missing", TOKEN_A, null),
				request("GET", base + "/versions/v99", TOKEN_A, null),
				request("GET", "/v1/" + PROJECT_A + "/no-such-resource", TOKEN_A, null),
				request("POST", base + "/stages/SYSCURRENT", TOKEN_A, "{}"), request("PATCH", base, TOKEN_A, "{}"),
				request("PUT", base + "/stages/parity", TOKEN_A, "{"),
				request("PUT", base + "/stages/parity", TOKEN_A, "{\"version_id\":\"v9\"}"),
				request("DELETE", base + "/stages/SYSCURRENT", TOKEN_A, null),
				"PUT " + base + "/stages/parity HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: " + REQUEST_ID
						+ "\r\nX-Auth-Token: " + TOKEN_A
						+ "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nv1");
		for (String request : requests) {
			assertSameAnswers(request, false);
		}
	}

	@Test
	void everyWriteThenTheSameBytesButForItsIdsAndTimes() {
		String name = "parity-" + UUID.randomUUID();
		for (String[] write : List.of(
				new String[] { "POST", "", "{\"name\":\"" + name + "\",\"secret_string\":\"one\"}" },
				new String[] { "POST", "/" + name + "/versions", "{\"secret_string\":\"two\"}" },
				new String[] { "PUT", "/" + name + "/stages/parity", "{\"version_id\":\"v1\"}" },
				new String[] { "DELETE", "/" + name + "/stages/parity", null },
				new String[] { "PUT", "/" + name, "{\"description\":\"changed\"}" },
				new String[] { "PUT", "/" + name + "/versions/v1", "{\"expire_time\":4102444800000}" },
				new String[] { "POST", "/" + name + "/scheduled-deleted-tasks/create",
						"{\"recovery_window_in_days\":7}" },
				new String[] { "POST", "/" + name + "/scheduled-deleted-tasks/cancel", null },
				new String[] { "POST", "/batch-import",
						"{\"secrets\":[{\"name\":\"" + name + "-imported\",\"secret_string\":\"one\"},{}]}" },
				new String[] { "DELETE", "/" + name, null })) {
			String path = "/secrets" + write[1];
			String shortcuts = answer(this.shortcutsPort,
					request(write[0], "/v1/" + PROJECT_A + path, TOKEN_A, write[2]), true);
			String withoutThem = answer(TestInstances.port(running()),
					request(write[0], "/v1/" + PROJECT_B + path, TOKEN_B, write[2]), true);
			assertThat(withoutThem).as(write[0] + " " + path).isEqualTo(shortcuts);
		}
	}

	@Test
	void everyTagRouteAndItsErrorsThenTheSameBytes() {
		String csms = "/v1/" + PROJECT_A + "/csms";
		String tags = csms + "/" + secretWithTags(PROJECT_A, TOKEN_A, this.shortcutsPort) + "/tags";
		String search = csms + "/resource_instances/action";
		List<String> requests = List.of(request("GET", tags, TOKEN_A, null),
				request("GET", csms + "/tags", TOKEN_A, null),
				request("POST", search, TOKEN_A, "{\"action\":\"count\",\"tags\":[{\"key\":\"env\"}]}"),
				request("GET", csms + "/not-an-id/tags", TOKEN_A, null),
				request("GET", csms + "/" + UUID.randomUUID() + "/tags", TOKEN_A, null),
				request("DELETE", tags + "/%20env", TOKEN_A, null), request("DELETE", tags + "/missing", TOKEN_A, null),
				request("POST", tags, TOKEN_A, "{\"tag\":{\"key\":\"_sys_x\"}}"),
				request("POST", tags + "/action", TOKEN_A, "{\"action\":\"replace\",\"tags\":[{\"key\":\"x\"}]}"),
				request("POST", search, TOKEN_A, "{\"action\":\"filter\",\"limit\":\"0\"}"),
				request("POST", search, TOKEN_A, "{\"action\":\"filter\",\"limit\":true}"),
				request("POST", csms + "/resource-instances/action", TOKEN_A, "{\"action\":\"count\"}"),
				request("POST", search, TestTokens.READ_ONLY_TOKEN_A, "{\"action\":\"count\"}"),
				request("POST", tags, TestTokens.READ_ONLY_TOKEN_A, "{\"tag\":{\"key\":\"x\"}}"));
		for (String request : requests) {
			assertSameAnswers(request, false);
		}
	}

	@Test
	void everyTagWriteThenTheSameBytes() {
		String ownTags = "/v1/" + PROJECT_A + "/csms/" + secretWithTags(PROJECT_A, TOKEN_A, this.shortcutsPort)
				+ "/tags";
		String stockTags = "/v1/" + PROJECT_B + "/csms/"
				+ secretWithTags(PROJECT_B, TOKEN_B, TestInstances.port(running())) + "/tags";
		for (String[] write : List.of(new String[] { "POST", "", "{\"tag\":{\"key\":\"owner\",\"value\":\"a\"}}" },
				new String[] { "POST", "/action", "{\"action\":\"create\",\"tags\":[{\"key\":\"x\"}]}" },
				new String[] { "POST", "/action", "{\"action\":\"delete\",\"tags\":[{\"key\":\"x\"}]}" },
				new String[] { "DELETE", "/owner", null })) {
			String shortcuts = answer(this.shortcutsPort, request(write[0], ownTags + write[1], TOKEN_A, write[2]),
					true);
			String withoutThem = answer(TestInstances.port(running()),
					request(write[0], stockTags + write[1], TOKEN_B, write[2]), true);
			assertThat(withoutThem).as(write[0] + " " + write[1]).isEqualTo(shortcuts);
		}
	}

	/**
	 * A secret with the tag {@code env=prod}, made through the API.
	 * @return its id
	 */
	private static String secretWithTags(String project, String token, int port) {
		String made = answer(port, request("POST", "/v1/" + project + "/secrets", token,
				"{\"name\":\"parity-" + UUID.randomUUID() + "\",\"secret_string\":\"one\"}"), false);
		Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(made);
		assertThat(id.find()).as(made).isTrue();
		answer(port, request("POST", "/v1/" + project + "/csms/" + id.group(1) + "/tags", token,
				"{\"tag\":{\"key\":\"env\",\"value\":\"prod\"}}"), false);
		return id.group(1);
	}

	/**
	 * A secret of project A with two versions and a stage of its own, made through the
	 * API.
	 * @return its name
	 */
	private String secretWithVersionsAndStages() {
		String name = "parity-" + UUID.randomUUID();
		String secrets = "/v1/" + PROJECT_A + "/secrets";
		answer(this.shortcutsPort,
				request("POST", secrets, TOKEN_A, "{\"name\":\"" + name + "\",\"secret_string\":\"one\"}"), false);
		answer(this.shortcutsPort,
				request("POST", secrets + "/" + name + "/versions", TOKEN_A, "{\"secret_string\":\"two\"}"), false);
		answer(this.shortcutsPort,
				request("PUT", secrets + "/" + name + "/stages/parity", TOKEN_A, "{\"version_id\":\"v1\"}"), false);
		return name;
	}

	private void assertSameAnswers(String request, boolean masked) {
		String shortcuts = answer(this.shortcutsPort, request, masked);
		String withoutThem = answer(TestInstances.port(running()), request, masked);
		assertThat(withoutThem).as(request.lines().findFirst().orElse(request)).isEqualTo(shortcuts);
	}

	private static ConfigurableApplicationContext running() {
		assertThat(stock).isNotNull();
		return stock;
	}

	/**
	 * A request as wire bytes, with the same request id for both instances.
	 */
	private static String request(String method, String target, @Nullable String token, @Nullable String json) {
		StringBuilder request = new StringBuilder(method).append(' ')
			.append(target)
			.append(" HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: ")
			.append(REQUEST_ID)
			.append("\r\n");
		if (token != null) {
			request.append("X-Auth-Token: ").append(token).append("\r\n");
		}
		if (json != null) {
			request.append("Content-Type: application/json\r\nContent-Length: ")
				.append(json.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		return (json != null) ? request.append(json).toString() : request.toString();
	}

	/**
	 * The whole answer to a request, as bytes read as ISO-8859-1, without its
	 * {@code Date} header.
	 * @param masked whether the ids and times a write makes are masked
	 */
	private static String answer(int port, String request, boolean masked) {
		String answer = new String(new RawHttp(port).exchange(request), StandardCharsets.ISO_8859_1).lines()
			.filter((line) -> !line.regionMatches(true, 0, "Date:", 0, 5))
			.collect(Collectors.joining("\n"));
		return masked ? MADE_BY_A_WRITE.matcher(answer).replaceAll("$1*") : answer;
	}

}
