package io.secretstage;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The real PostgreSQL that the tests and the development run use, declared once: the
 * database of {@code spring.datasource.url} when one is given, else a {@code postgres:17}
 * container when Docker answers, else an embedded PostgreSQL started from the binaries
 * that Maven brings.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

	@Bean
	@ServiceConnection
	@Conditional(DockerAvailable.class)
	PostgreSQLContainer postgresContainer() {
		return new PostgreSQLContainer("postgres:17");
	}

	@Bean
	@Conditional(DockerMissing.class)
	JdbcConnectionDetails embeddedPostgresConnection() {
		return connectionDetails(EmbeddedDatabase.INSTANCE.getJdbcUrl("postgres", "postgres"));
	}

	/**
	 * The connection details of a database of the embedded kind: user {@code postgres},
	 * no password.
	 * @param url its JDBC URL
	 * @return the details, as the service's beans take them
	 */
	public static JdbcConnectionDetails connectionDetails(String url) {
		return new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return url;
			}

			@Override
			public String getUsername() {
				return "postgres";
			}

			@Override
			public String getPassword() {
				return "";
			}

		};
	}

	private static boolean databaseConfigured(ConditionContext context) {
		return context.getEnvironment().containsProperty("spring.datasource.url");
	}

	static final class DockerAvailable implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !databaseConfigured(context) && Docker.AVAILABLE;
		}

	}

	static final class DockerMissing implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !databaseConfigured(context) && !Docker.AVAILABLE;
		}

	}

	/** Asked once per JVM: the answer does not change while the tests run. */
	private static final class Docker {

		static final boolean AVAILABLE = DockerClientFactory.instance().isDockerAvailable();

		static {
			if (!AVAILABLE) {
				LoggerFactory.getLogger(TestDatabaseConfiguration.class)
					.info("Docker is not available (the error above says why): using an embedded PostgreSQL");
			}
		}

	}

	/**
	 * One embedded PostgreSQL per JVM, shared by every application context of the test
	 * run and stopped by its own shutdown hook when the JVM ends.
	 */
	private static final class EmbeddedDatabase {

		static final EmbeddedPostgres INSTANCE = start();

		private static EmbeddedPostgres start() {
			try {
				return EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
			}
		}

	}

}
