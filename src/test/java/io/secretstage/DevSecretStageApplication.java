package io.secretstage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.secretstage.identity.TokenDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The development run, {@code ./mvnw spring-boot:test-run}: the service on the database
 * of {@link TestDatabaseConfiguration}.
 * <ul>
 * <li>With no master key configured, it makes a development master key on first start, in
 * {@code target/dev-master-key} (readable by its owner only), and warns.</li>
 * <li>With no database configured, it also makes a fresh demo token, written to
 * {@code target/demo-token} (readable by its owner only, never logged), creates a demo
 * secret and an access key for the SDKs through the API, writes the key to
 * {@code target/demo-access-key} (readable by its owner only, never logged), and logs how
 * to call the service.</li>
 * </ul>
 */
public final class DevSecretStageApplication {

	static final String DEMO_PROJECT = "c0ffee00c0ffee00c0ffee00c0ffee00";

	static final Path DEMO_TOKEN_FILE = Path.of("target", "demo-token");

	static final Path DEMO_ACCESS_KEY_FILE = Path.of("target", "demo-access-key");

	static final Path DEV_MASTER_KEY_FILE = Path.of("target", "dev-master-key");

	private static final Logger logger = LoggerFactory.getLogger(DevSecretStageApplication.class);

	private DevSecretStageApplication() {
	}

	public static void main(String[] args) throws IOException {
		var application = SpringApplication.from(SecretStageApplication::main).with(TestDatabaseConfiguration.class);
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		List<String> arguments = new ArrayList<>(List.of(args));
		if (!environment.containsProperty("csms.crypto.master-keys[0].key")) {
			logger.warn("No master key configured: sealing values with the development key in {}. "
					+ "Never use it for real secrets.", DEV_MASTER_KEY_FILE);
			arguments.add("--csms.crypto.master-keys[0].id=dev-key");
			arguments.add("--csms.crypto.master-keys[0].key=" + devMasterKey());
		}
		if (!environment.containsProperty("spring.datasource.url")) {
			String token = "demo-" + HexFormat.of().formatHex(randomBytes());
			writeOwnerOnly(DEMO_TOKEN_FILE, token);
			arguments
				.add("--csms.identity.static-tokens[0].sha256=" + HexFormat.of().formatHex(TokenDigest.sha256(token)));
			arguments.add("--csms.identity.static-tokens[0].project-id=" + DEMO_PROJECT);
			arguments.add("--csms.identity.static-tokens[0].user-id=demo-user");
			application = application.with(DemoData.class);
		}
		application.run(arguments.toArray(String[]::new));
	}

	private static String devMasterKey() throws IOException {
		if (!Files.exists(DEV_MASTER_KEY_FILE)) {
			writeOwnerOnly(DEV_MASTER_KEY_FILE, Base64.getEncoder().encodeToString(randomBytes()));
		}
		return Files.readString(DEV_MASTER_KEY_FILE).trim();
	}

	private static byte[] randomBytes() {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		return random;
	}

	private static void writeOwnerOnly(Path file, String content) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.deleteIfExists(file);
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(file, content);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class DemoData {

		/**
		 * Once the service is up, create the demo secret through its own API: three
		 * versions, so {@code SYSCURRENT} is {@code v3} and {@code SYSPREVIOUS} is
		 * {@code v2}, and a {@code release-candidate} stage on {@code v1}; then an access
		 * key of the demo user, for Huawei's SDKs.
		 */
		@Bean
		ApplicationRunner loadDemoData(Environment environment) {
			return (arguments) -> {
				String port = environment.getProperty("local.server.port", "8080");
				String secret = "/v1/" + DEMO_PROJECT + "/secrets/demo-secret";
				RestClient api = RestClient.builder()
					.baseUrl("http://127.0.0.1:" + port)
					.defaultHeader("X-Auth-Token", Files.readString(DEMO_TOKEN_FILE))
					.build();
				post(api, "/v1/" + DEMO_PROJECT + "/secrets",
						Map.of("name", "demo-secret", "secret_string", "demo value 1"));
				post(api, secret + "/versions", Map.of("secret_string", "demo value 2"));
				post(api, secret + "/versions", Map.of("secret_string", "demo value 3"));
				api.put()
					.uri(secret + "/stages/release-candidate")
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("version_id", "v1"))
					.retrieve()
					.toBodilessEntity();
				Map<?, ?> created = api.post()
					.uri("/v3.0/OS-CREDENTIAL/credentials")
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("credential", Map.of("user_id", "demo-user", "description", "demo")))
					.retrieve()
					.body(Map.class);
				Map<?, ?> credential = (Map<?, ?>) created.get("credential");
				writeOwnerOnly(DEMO_ACCESS_KEY_FILE, "access=" + credential.get("access") + "\nsecret="
						+ credential.get("secret") + "\nproject_id=" + DEMO_PROJECT + "\n");
				logger.info(
						"Demo data loaded. Try:\n  curl -i -H \"X-Auth-Token: $(cat {})\" "
								+ "http://localhost:{}{}/stages/SYSCURRENT\nor Huawei's SDKs with the access key in {} "
								+ "(README: Call it with Huawei's SDK)",
						DEMO_TOKEN_FILE, port, secret, DEMO_ACCESS_KEY_FILE);
			};
		}

		private static void post(RestClient api, String path, Map<String, String> body) {
			api.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toBodilessEntity();
		}

	}

}
