package io.secretstage;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts instances of the service of their own, beside the shared context of
 * {@link ApiTest}: on a given database, on random ports, with the test master key and
 * {@link TestTokens#TOKEN_A}.
 */
public final class TestInstances {

	private TestInstances() {
	}

	/**
	 * The settings of such an instance, for a database.
	 * @param jdbcUrl the database
	 * @param username its user
	 * @param password its password
	 * @return the settings by name
	 */
	public static Map<String, Object> settings(String jdbcUrl, String username, String password) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("spring.datasource.url", jdbcUrl);
		settings.put("spring.datasource.username", username);
		settings.put("spring.datasource.password", password);
		settings.put("server.port", "0");
		settings.put("management.server.port", "0");
		settings.put("csms.crypto.master-keys[0].id", TestTokens.MASTER_KEY_ID);
		settings.put("csms.crypto.master-keys[0].key", TestTokens.MASTER_KEY);
		settings.put("csms.identity.static-tokens[0].sha256",
				"61d90b5242451096e8c956107989297e03f5fc8be8a9eccd476c6513c7ed1d1d");
		settings.put("csms.identity.static-tokens[0].project-id", TestTokens.PROJECT_A);
		settings.put("csms.identity.static-tokens[0].user-id", "user-a");
		return settings;
	}

	/** Start an instance on a database. */
	public static ConfigurableApplicationContext start(String jdbcUrl, String username, String password) {
		return new SpringApplicationBuilder(SecretStageApplication.class)
			.properties(settings(jdbcUrl, username, password))
			.run();
	}

	/** The port an instance serves the API on. */
	public static int port(ConfigurableApplicationContext instance) {
		return ((WebServerApplicationContext) instance).getWebServer().getPort();
	}

	/** The port an instance serves the probes and metrics on. */
	public static int managementPort(ConfigurableApplicationContext instance) {
		return instance.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
	}

}
