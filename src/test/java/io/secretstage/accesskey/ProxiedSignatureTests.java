package io.secretstage.accesskey;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.csms.v1.CsmsClient;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretRequest;
import io.secretstage.ApiTest;
import io.secretstage.TestInstances;
import io.secretstage.TestLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of signed requests through a real nginx (Debian's package, installed if missing)
 * configured with the example of docs/operations.md: with nginx's own {@code Host}, with
 * {@code Host $host} (no port), with {@code Host $http_host}, and under a prefix that
 * nginx strips, Huawei's SDK is answered, and the audit trail has the client's address,
 * not nginx's; and that forwarded headers from a peer that is not a trusted proxy change
 * nothing. nginx connects from 127.0.0.2, the only trusted proxy; the tests call from
 * 127.0.0.1.
 */
@ApiTest
@Tag("proxy")
@TestInstance(Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ProxiedSignatureTests {

	private static final String PROXY = "127.0.0.2";

	/** The set-ups: the Host line each adds after every proxy_pass, by name. */
	private static final Map<String, String> HOSTS = Map.of("nginx-host", "", "host", "proxy_set_header Host $host;",
			"http-host", "proxy_set_header Host $http_host;");

	@Autowired
	private JdbcConnectionDetails database;

	@Autowired
	private JdbcClient jdbc;

	private ConfigurableApplicationContext instance;

	private int port;

	private Process nginx;

	private Path directory;

	private Map<String, Integer> nginxPorts;

	private TestAccessKey key;

	@BeforeAll
	void start() throws IOException, InterruptedException {
		Map<String, Object> settings = TestInstances.settings(this.database.getJdbcUrl(), this.database.getUsername(),
				String.valueOf(this.database.getPassword()));
		settings.put("csms.http.trusted-proxies", PROXY);
		settings.put("logging.level.io.secretstage.access", "info");
		this.instance = TestInstances.start(settings);
		this.port = TestInstances.port(this.instance);
		this.key = TestAccessKey.create(this.port, TOKEN_A, "user-a", PROJECT_A);
		this.directory = Files.createTempDirectory("nginx");
		this.nginxPorts = Map.of("nginx-host", TestInstances.freePort(), "host", TestInstances.freePort(), "http-host",
				TestInstances.freePort());
		Path conf = this.directory.resolve("nginx.conf");
		Files.writeString(conf, conf());
		this.nginx = new ProcessBuilder(nginxCommand(), "-c", conf.toString(), "-p", this.directory.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("out.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.nginxPorts.values().stream().allMatch((p) -> listening(p)));
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (this.nginx != null) {
			this.nginx.destroy();
			this.nginx.waitFor(10, TimeUnit.SECONDS);
		}
		if (this.instance != null) {
			this.instance.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "nginx-host", "host", "http-host" })
	void theSdkIsAnsweredThroughNginx(String setUp) {
		String name = "proxied-" + setUp + "-" + UUID.randomUUID();
		CsmsClient csms = this.key.client("http://127.0.0.1:" + this.nginxPorts.get(setUp));
		assertAnswered(csms, name);
	}

	@Test
	void theSdkIsAnsweredUnderAPrefixThatNginxStrips() {
		String name = "proxied-prefix-" + UUID.randomUUID();
		CsmsClient csms = this.key.client("http://127.0.0.1:" + this.nginxPorts.get("nginx-host") + "/csms");
		assertAnswered(csms, name);
	}

	@Test
	void forwardedHeadersFromAnUntrustedPeerChangeNothing(CapturedOutput output) {
		String name = "forged-" + UUID.randomUUID();
		String path = "/v1/" + PROJECT_A + "/secrets";
		String body = "{\"name\":\"" + name + "\",\"secret_string\":\"value\"}";
		Map<String, String> forged = Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Port", "443",
				"X-Forwarded-Proto", "https", "X-Forwarded-Prefix", "/evil", "X-Forwarded-For", "203.0.113.7",
				"Forwarded", "for=203.0.113.7;host=evil.example;proto=https");
		// Signed over the real Host and path: the forged headers are ignored, so it
		// passes.
		Map<String, String> signed = this.key.sign(this.port, HttpMethod.POST, path, body, forged);
		assertThat(TestAccessKey.send(this.port, "POST", path, body, signed).status()).isEqualTo(200);
		assertThat(clientAddress(name)).isEqualTo("127.0.0.1");
		assertThat(accessLine(TestLogs.flushed(output), "POST " + path + " 200")).endsWith(" ms 127.0.0.1")
			.doesNotContain("203.0.113.7");
		// Signed over the forged host and prefix: the headers do not make it pass.
		Map<String, String> overForged = this.key.sign("https://evil.example", HttpMethod.GET, "/evil" + path, null,
				forged);
		assertThat(TestAccessKey.send(this.port, "GET", path, null, overForged).status()).isEqualTo(401);
	}

	private void assertAnswered(CsmsClient csms, String name) {
		csms.createSecret(new CreateSecretRequest()
			.withBody(new CreateSecretRequestBody().withName(name).withSecretString("value")));
		assertThat(csms.showSecret(new ShowSecretRequest().withSecretName(name)).getSecret().getName()).isEqualTo(name);
		// The SDK's address, from nginx's X-Forwarded-For; nginx itself is 127.0.0.2.
		assertThat(clientAddress(name)).isEqualTo("127.0.0.1");
	}

	private String clientAddress(String secretName) {
		return this.jdbc.sql("select distinct client_address from audit_event where secret_name = ?")
			.param(secretName)
			.query(String.class)
			.single();
	}

	private static String accessLine(String output, String start) {
		Matcher line = Pattern.compile("^.*" + Pattern.quote(start) + ".*$", Pattern.MULTILINE).matcher(output);
		assertThat(line.find()).as("an access log line %s", start).isTrue();
		String found = line.group();
		int message = found.indexOf(start);
		int end = found.indexOf('"', message);
		return found.substring(message, (end > 0) ? end : found.length());
	}

	/**
	 * One nginx with a server per set-up, each the example of docs/operations.md pointed
	 * at this instance, with its {@code Host} line.
	 */
	private String conf() throws IOException {
		String example = readmeExample().replace("127.0.0.1:8080", "127.0.0.1:" + this.port);
		StringBuilder servers = new StringBuilder();
		for (Map.Entry<String, String> setUp : HOSTS.entrySet()) {
			String locations = example.replaceAll("(?m)^(\\s*)(proxy_pass [^\\n]*;)$",
					"$1$2\n$1" + Matcher.quoteReplacement(setUp.getValue()));
			servers.append("server {\n listen 127.0.0.1:")
				.append(this.nginxPorts.get(setUp.getKey()))
				.append(";\n proxy_bind " + PROXY + ";\n")
				.append(locations)
				.append("\n}\n");
		}
		String dir = this.directory.toString();
		String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
		return user + "daemon off;\nmaster_process on;\nworker_processes 1;\npid " + dir + "/nginx.pid;\nerror_log "
				+ dir + "/error.log warn;\nevents { worker_connections 64; }\nhttp {\n access_log off;\n"
				+ " client_body_temp_path " + dir + "/body;\n proxy_temp_path " + dir + "/proxy;\n"
				+ " fastcgi_temp_path " + dir + "/fastcgi;\n uwsgi_temp_path " + dir + "/uwsgi;\n scgi_temp_path " + dir
				+ "/scgi;\n" + servers + "}\n";
	}

	/**
	 * The nginx block of docs/operations.md, after its {@code nginx-example} marker: the
	 * tests run exactly what it shows.
	 */
	static String readmeExample() throws IOException {
		String readme = Files.readString(Path.of("docs/operations.md"), StandardCharsets.UTF_8);
		Matcher block = Pattern.compile("<!-- nginx-example -->\\n```nginx\\n(.*?)```", Pattern.DOTALL).matcher(readme);
		assertThat(block.find()).as("the nginx example of docs/operations.md").isTrue();
		return block.group(1);
	}

	/** nginx, installed from Debian's package if it is missing (as root, as CI runs). */
	private static String nginxCommand() throws IOException, InterruptedException {
		for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		Process install = new ProcessBuilder("sh", "-c",
				"apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null")
			.inheritIO()
			.start();
		assertThat(install.waitFor(300, TimeUnit.SECONDS) && install.exitValue() == 0)
			.as("apt-get install nginx (as root)")
			.isTrue();
		return "/usr/sbin/nginx";
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
