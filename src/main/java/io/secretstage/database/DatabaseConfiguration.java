package io.secretstage.database;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.system.Circuits;
import jakarta.validation.constraints.Positive;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.validation.annotation.Validated;

/**
 * The database around the connection pool: its circuit breaker in front of the pool, one
 * connection that listens for its announcements on every {@link ChangeChannel} of the
 * service, the transaction manager, and its health ({@code db}), answered by the circuit
 * while it is open.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseConfiguration.DatabaseCircuitProperties.class)
class DatabaseConfiguration {

	@Bean
	DirectConnections directConnections(JdbcConnectionDetails database) {
		return new DirectConnections(database);
	}

	@Bean
	DatabaseCircuit databaseCircuit(Circuits circuits, DatabaseCircuitProperties properties, MeterRegistry meters,
			DirectConnections connections) {
		return new DatabaseCircuit(circuits, properties.failures(), properties.openFor(), meters,
				() -> connections.open("csms-database-probe"));
	}

	@Bean
	static BeanPostProcessor databaseCircuitGuard(ObjectProvider<DatabaseCircuit> circuit) {
		return new GuardedPool(circuit);
	}

	/**
	 * Hibernate's own reading of a failed statement, except that the database going away
	 * is read as the database being unavailable: a connection cut (SQL states
	 * {@code 08}), the database shutting down, crashed or starting ({@code 57P}), or a
	 * write sent to a standby ({@code 25006}: a proxy may send connections to the new
	 * primary of a failover a moment before it takes writes). Hibernate reads the last
	 * two as any failed statement, so a read under way when the database stops would not
	 * answer from memory, and the failure would be logged as unexpected.
	 * @return the post-processor that gives Hibernate's JPA dialect that reading
	 */
	@Bean
	static BeanPostProcessor unavailableDatabaseTranslation() {
		SQLExceptionTranslator unavailable = (task, sql, ex) -> {
			String state = Objects.requireNonNullElse(ex.getSQLState(), "");
			boolean away = state.startsWith("08") || state.startsWith("57P") || state.equals("25006");
			return away ? new DataAccessResourceFailureException(task, ex) : null;
		};
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof HibernateJpaVendorAdapter adapter) {
					adapter.getJpaDialect().setJdbcExceptionTranslator(unavailable);
				}
				return bean;
			}

		};
	}

	@Bean
	DatabaseChangeListener databaseChangeListener(DirectConnections connections, List<ChangeChannel> channels,
			DatabaseCircuit circuit) {
		return new DatabaseChangeListener(connections, channels, circuit);
	}

	/**
	 * The transaction manager of the repositories, as Spring Boot would make it, but
	 * telling a transaction cut by the database going away as that.
	 * @param customizers the customizations of Spring Boot ({@code spring.transaction.*})
	 * @return the transaction manager
	 */
	@Bean
	JpaTransactionManager transactionManager(ObjectProvider<TransactionManagerCustomizers> customizers) {
		JpaTransactionManager manager = new LostConnectionTransactionManager();
		customizers.ifAvailable((customizer) -> customizer.customize(manager));
		return manager;
	}

	/**
	 * The database's health: down at once while its circuit is not closed, rather than
	 * after the pool's connection timeout; else whether a connection from the pool
	 * answers.
	 * @param circuit the circuit
	 * @param pool the pool, behind the circuit
	 * @return the indicator
	 */
	@Bean
	HealthIndicator dbHealthIndicator(DatabaseCircuit circuit, DataSource pool) {
		DataSourceHealthIndicator connection = new DataSourceHealthIndicator(pool);
		return () -> circuit.up() ? connection.health() : Health.down().withDetail("circuit", "open").build();
	}

	/**
	 * The database's circuit breaker.
	 *
	 * @param failures how many attempts in a row to get a connection must fail (each
	 * after the pool's connection timeout) to open the circuit
	 * @param openFor how long requests that need the database then fail at once, unless
	 * the circuit's probe (every 250 ms) finds it back first; then one request is let
	 * through to try
	 */
	@ConfigurationProperties("csms.database.circuit")
	@Validated
	record DatabaseCircuitProperties(@DefaultValue("3") @Positive int failures, @DefaultValue("5s") Duration openFor) {

	}

	/** Puts the connection pool behind the database's circuit. */
	private static final class GuardedPool implements BeanPostProcessor {

		private final ObjectProvider<DatabaseCircuit> circuit;

		GuardedPool(ObjectProvider<DatabaseCircuit> circuit) {
			this.circuit = circuit;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			return (bean instanceof DataSource pool) ? this.circuit.getObject().guard(pool) : bean;
		}

	}

}
