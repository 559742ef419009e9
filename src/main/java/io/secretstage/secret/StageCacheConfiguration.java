package io.secretstage.secret;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * The stage cache of the read path and the listener that keeps it fresh. Without the
 * listener ({@code csms.stage-cache.enabled=false}) the cache is never trusted, so every
 * read goes to the database.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StageCacheConfiguration.StageCacheProperties.class)
class StageCacheConfiguration {

	@Bean
	StageCache stageCache(StageCacheProperties properties, MeterRegistry meters) {
		return new StageCache(properties.maxSize(), meters);
	}

	@Bean
	@ConditionalOnProperty(name = "csms.stage-cache.enabled", havingValue = "true", matchIfMissing = true)
	StageChangeListener stageChangeListener(JdbcConnectionDetails database, StageCache cache) {
		return new StageChangeListener(database, cache);
	}

	/**
	 * The stage cache.
	 *
	 * @param enabled whether to cache stages at all
	 * @param maxSize how many secrets' stages to keep at most
	 */
	@ConfigurationProperties("csms.stage-cache")
	@Validated
	record StageCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("100000") @Positive long maxSize) {

	}

}
