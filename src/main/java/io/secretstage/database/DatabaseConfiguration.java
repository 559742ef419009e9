package io.secretstage.database;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.system.Circuits;
import jakarta.validation.constraints.Positive;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * The database around the connection pool: its circuit breaker in front of the pool, and
 * one connection that listens for its announcements on every {@link ChangeChannel} of the
 * service and probes it for the circuit.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseConfiguration.DatabaseCircuitProperties.class)
class DatabaseConfiguration {

	@Bean
	DatabaseCircuit databaseCircuit(Circuits circuits, DatabaseCircuitProperties properties, MeterRegistry meters) {
		return new DatabaseCircuit(circuits, properties.failures(), properties.openFor(), meters);
	}

	@Bean
	static BeanPostProcessor databaseCircuitGuard(ObjectProvider<DatabaseCircuit> circuit) {
		return new GuardedPool(circuit);
	}

	@Bean
	DatabaseChangeListener databaseChangeListener(JdbcConnectionDetails database, List<ChangeChannel> channels,
			DatabaseCircuit circuit) {
		return new DatabaseChangeListener(database, channels, circuit);
	}

	/**
	 * The database's circuit breaker.
	 *
	 * @param failures how many attempts in a row to get a connection must fail (each
	 * after the pool's connection timeout) to open the circuit
	 * @param openFor how long requests that need the database then fail at once, unless
	 * the change listener finds it back first; then one request is let through to try
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
