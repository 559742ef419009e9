package io.secretstage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests the service as it runs in production: a process of its own, started with the
 * jar's main class, stopped with SIGTERM while a request is in flight. Its whole output
 * is kept and read afterwards: JSON lines, an access log line per request with the
 * request, user and project ids, and never a token or a secret value.
 */
@Tag("process")
class ServiceProcessTests {

	private static final String SECRET_VALUE = "process-test-value-7f3a91c2e5";

	private static final String REFUSED_VALUE = "refused-body-value-1b8d44e0aa";

	private static final String UNKNOWN_TOKEN = "unknown-token-0000-1111-2222-3333-4444-5555";

	private static final JsonMapper json = JsonMapper.shared();

	@TempDir
	static Path work;

	private static EmbeddedPostgres database;

	@BeforeAll
	static void startDatabase() throws IOException {
		database = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stopDatabase() throws IOException {
		database.close();
	}

	@Test
	void aFullRunLogsJsonLinesWithoutSecretsAndSigtermLetsTheRequestInFlightFinish() throws Exception {
		int port = TestInstances.freePort();
		int managementPort = TestInstances.freePort();
		Path output = work.resolve("service.out");
		Process service = start(port, managementPort, output);
		try {
			awaitReady(managementPort, service, output);
			ApiClient api = new ApiClient(port);
			String secrets = "/v1/" + PROJECT_A + "/secrets";
			api.post(secrets, TOKEN_A, Map.of("name", "process-secret", "secret_string", SECRET_VALUE)).assertOk(200);
			JsonNode version = api.get(secrets + "/process-secret/versions/latest", TOKEN_A).assertOk(200);
			assertThat(version.at("/version/secret_string").asString()).isEqualTo(SECRET_VALUE);
			api.get(secrets + "/process-secret/stages/SYSCURRENT", TOKEN_A).assertOk(200);
			api.get(secrets + "/process-secret/stages/SYSCURRENT", UNKNOWN_TOKEN).assertError(401, "APIGW.0301");
			api.post(secrets, TOKEN_A, "{\"name\": \"bad name!\", \"secret_string\": \"" + REFUSED_VALUE + "\"}")
				.assertError(400, "CSMS.0002");

			// A request in flight: its body arrives slowly, over the SIGTERM.
			try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port)) {
				OutputStream out = slow.getOutputStream();
				out.write(("POST " + secrets + " HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + TOKEN_A
						+ "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				writeChunk(out, "{\"name\": \"in-flight\",");
				// In flight once the service serves it, as its own metrics count: it
				// waits there for the rest of the body.
				ApiClient management = new ApiClient(managementPort);
				await().atMost(Duration.ofSeconds(10))
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(20))
					.until(() -> activePosts(management) == 1);

				service.destroy();
				await().atMost(Duration.ofSeconds(10))
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(100))
					.until(() -> refusesConnections(port));
				assertThat(service.isAlive()).isTrue();

				writeChunk(out, " \"secret_string\": \"late\"}");
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				String response = readResponse(slow.getInputStream());
				assertThat(response).startsWith("HTTP/1.1 200").contains("\"name\":\"in-flight\"");
			}
			assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			service.destroyForcibly();
		}

		String all = Files.readString(output);
		assertThat(all).doesNotContain(TOKEN_A, UNKNOWN_TOKEN, SECRET_VALUE, REFUSED_VALUE, TestTokens.MASTER_KEY);
		List<JsonNode> lines = new ArrayList<>();
		for (String line : all.split("\n")) {
			if (!line.isBlank()) {
				lines.add(json.readTree(line));
			}
		}
		assertThat(lines).allSatisfy((line) -> assertThat(line.has("@timestamp") && line.has("message")).isTrue());
		List<JsonNode> access = lines.stream()
			.filter((line) -> "io.secretstage.access".equals(line.path("log.logger").asString()))
			.toList();
		assertThat(access).anySatisfy((line) -> {
			assertThat(line.path("path").asString()).endsWith("/process-secret/stages/SYSCURRENT");
			assertThat(line.path("status").asInt()).isEqualTo(200);
			assertThat(line.path("requestId").asString()).hasSize(32);
			assertThat(line.path("userId").asString()).isEqualTo("user-a");
			assertThat(line.path("projectId").asString()).isEqualTo(PROJECT_A);
			assertThat(line.has("duration_ms")).isTrue();
		});
		assertThat(access).anySatisfy((line) -> {
			assertThat(line.path("status").asInt()).isEqualTo(401);
			assertThat(line.path("error_code").asString()).isEqualTo("APIGW.0301");
		});
		// The create before the SIGTERM, and the one in flight across it.
		assertThat(access)
			.filteredOn(
					(line) -> line.path("message").asString().startsWith("POST " + "/v1/" + PROJECT_A + "/secrets 200"))
			.hasSize(2);
		assertThat(lines).anySatisfy((line) -> assertThat(line.path("message").asString()).contains("Graceful"));
	}

	/** Whether connecting to the port is refused (the connector closed). */
	private static boolean refusesConnections(int port) {
		try {
			new Socket(InetAddress.getLoopbackAddress(), port).close();
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			// Some other failure: try again.
			return false;
		}
	}

	/**
	 * The POST requests the service is serving, as its metrics count them: the long task
	 * timer {@code http.server.requests.active}, its count {@code _gcount} with a
	 * histogram (as configured) and {@code _active_count} without.
	 */
	private static double activePosts(ApiClient management) {
		return management.get("/actuator/prometheus", TOKEN_A)
			.body()
			.lines()
			.filter((line) -> (line.startsWith("http_server_requests_active_seconds_gcount{")
					|| line.startsWith("http_server_requests_active_seconds_active_count{"))
					&& line.contains("method=\"POST\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static Process start(int port, int managementPort, Path output) throws IOException {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), SecretStageApplication.class.getName()));
		Map<String, Object> settings = TestInstances.settings(database.getJdbcUrl("postgres", "postgres"), "postgres",
				"");
		settings.put("server.port", port);
		settings.put("management.server.port", managementPort);
		settings.put("logging.level.io.secretstage.access", "info");
		settings.forEach((name, value) -> command.add("--" + name + "=" + value));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
	}

	private static void awaitReady(int managementPort, Process service, Path output) {
		ApiClient management = new ApiClient(managementPort);
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!service.isAlive()) {
				throw new AssertionError("The service stopped:\n" + Files.readString(output));
			}
			try {
				return management.get("/actuator/health/readiness", TOKEN_A).status() == 200;
			}
			catch (RuntimeException notYet) {
				// Not listening yet.
				return false;
			}
		});
	}

	private static void writeChunk(OutputStream out, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.write(bytes);
		out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	private static String readResponse(InputStream in) throws Exception {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "read failed: " + ex;
			}
		}).get(20, TimeUnit.SECONDS);
	}

}
