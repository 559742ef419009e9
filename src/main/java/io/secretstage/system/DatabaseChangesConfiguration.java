package io.secretstage.system;

import java.util.List;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One connection that listens for the database's announcements on every
 * {@link ChangeChannel} of the service.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseChangesConfiguration {

	@Bean
	DatabaseChangeListener databaseChangeListener(JdbcConnectionDetails database, List<ChangeChannel> channels,
			DatabaseCircuit circuit) {
		return new DatabaseChangeListener(database, channels, circuit);
	}

}
