package io.secretstage;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts instances of the service of their own, beside the shared context of
 * {@link ApiTest}, with its configuration, on random ports.
 */
public final class TestInstances {

	private TestInstances() {
	}

	/**
	 * The settings of {@link ApiTest} (its tokens and master key) on random ports.
	 * @return the settings by name
	 */
	public static Map<String, Object> settings() {
		Properties properties = new Properties();
		try {
			properties.load(new StringReader(ApiTest.PROPERTIES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, Object> settings = new LinkedHashMap<>();
		properties.stringPropertyNames().forEach((name) -> settings.put(name, properties.getProperty(name)));
		settings.put("server.port", "0");
		settings.put("management.server.port", "0");
		return settings;
	}

	/**
	 * The settings of {@link #settings()} on a database.
	 * @param jdbcUrl the database
	 * @param username its user
	 * @param password its password
	 * @return the settings by name
	 */
	public static Map<String, Object> settings(String jdbcUrl, String username, String password) {
		Map<String, Object> settings = settings();
		settings.put("spring.datasource.url", jdbcUrl);
		settings.put("spring.datasource.username", username);
		settings.put("spring.datasource.password", password);
		return settings;
	}

	/** Start an instance on a database. */
	public static ConfigurableApplicationContext start(String jdbcUrl, String username, String password) {
		return start(settings(jdbcUrl, username, password));
	}

	/**
	 * Start an instance with the given settings, which win over
	 * {@code application.properties} as command-line arguments do (default properties
	 * would not: {@code management.server.port} stayed 8081).
	 * @param settings the settings by name
	 * @param sources configuration besides the application's own
	 * @return the running instance
	 */
	public static ConfigurableApplicationContext start(Map<String, Object> settings, Class<?>... sources) {
		String[] arguments = settings.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(SecretStageApplication.class).sources(sources)
			.main(SecretStageApplication.class)
			.run(arguments);
	}

	/** Start an instance on the database of the shared test context. */
	public static ConfigurableApplicationContext start(JdbcConnectionDetails database) {
		return start(database.getJdbcUrl(), database.getUsername(), String.valueOf(database.getPassword()));
	}

	/** A port that nothing listens on now. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
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
