package io.secretstage.secret;

import java.time.Clock;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.validation.annotation.Validated;

/**
 * The purge of secrets whose scheduled deletion time has come, on every instance.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(SecretConfiguration.SecretProperties.class)
class SecretConfiguration {

	@Bean
	SecretPurge secretPurge(SecretRepository secrets, SecretWrites writes, Clock clock,
			PlatformTransactionManager transactions) {
		return new SecretPurge(secrets, writes, clock, transactions);
	}

	@Bean
	SchedulingConfigurer secretPurgeSchedule(SecretPurge purge, SecretProperties properties) {
		return (registrar) -> registrar.addFixedDelayTask(purge, properties.purgeInterval());
	}

	/**
	 * Secrets.
	 *
	 * @param purgeInterval how often each instance purges the secrets whose scheduled
	 * deletion time has come; they are gone for callers from that time on all the same
	 */
	@ConfigurationProperties("csms.secrets")
	@Validated
	record SecretProperties(@DefaultValue("1m") @NotNull Duration purgeInterval) {

	}

}
