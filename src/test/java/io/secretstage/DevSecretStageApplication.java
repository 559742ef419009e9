package io.secretstage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

import io.secretstage.identity.TokenDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The development run, {@code ./mvnw spring-boot:test-run}: the service on the database
 * of {@link TestDatabaseConfiguration}. With no database configured it also loads a demo
 * secret and a fresh demo token, written to {@code target/demo-token} (readable by its
 * owner only, never logged), and logs how to call the service.
 */
public class DevSecretStageApplication {

	static final String DEMO_PROJECT = "c0ffee00c0ffee00c0ffee00c0ffee00";

	static final Path DEMO_TOKEN_FILE = Path.of("target", "demo-token");

	public static void main(String[] args) throws IOException {
		var application = SpringApplication.from(SecretStageApplication::main).with(TestDatabaseConfiguration.class);
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		if (environment.containsProperty("spring.datasource.url")) {
			application.run(args);
			return;
		}
		String token = writeDemoToken();
		String[] demoArgs = new String[args.length + 3];
		System.arraycopy(args, 0, demoArgs, 0, args.length);
		demoArgs[args.length] = "--csms.identity.static-tokens[0].sha256="
				+ HexFormat.of().formatHex(TokenDigest.sha256(token));
		demoArgs[args.length + 1] = "--csms.identity.static-tokens[0].project-id=" + DEMO_PROJECT;
		demoArgs[args.length + 2] = "--csms.identity.static-tokens[0].user-id=demo-user";
		application.with(DemoData.class).run(demoArgs);
	}

	private static String writeDemoToken() throws IOException {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String token = "demo-" + HexFormat.of().formatHex(random);
		Files.createDirectories(DEMO_TOKEN_FILE.getParent());
		Files.deleteIfExists(DEMO_TOKEN_FILE);
		Files.createFile(DEMO_TOKEN_FILE,
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(DEMO_TOKEN_FILE, token);
		return token;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class DemoData {

		private static final Logger logger = LoggerFactory.getLogger(DemoData.class);

		@Bean
		ApplicationRunner loadDemoData(JdbcClient jdbc, Environment environment) {
			return (arguments) -> {
				Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.DAYS);
				new SecretFixtures(jdbc).createSecret(DEMO_PROJECT, "demo-secret", 3,
						Map.of("SYSCURRENT", "v3", "SYSPREVIOUS", "v2", "release-candidate", "v1"), created);
				String port = environment.getProperty("local.server.port", "8080");
				logger.info(
						"Demo data loaded. Try:\n  curl -i -H \"X-Auth-Token: $(cat {})\" "
								+ "http://localhost:{}/v1/{}/secrets/demo-secret/stages/SYSCURRENT",
						DEMO_TOKEN_FILE, port, DEMO_PROJECT);
			};
		}

	}

}
