package io.secretstage.stagecache;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.database.Freshness;
import jakarta.validation.constraints.Positive;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * The stage cache of the read path, the changes that keep it fresh and the fill that
 * loads it. Without the changes ({@code csms.stage-cache.enabled=false}) the cache is
 * never trusted, so every read goes to the database.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StageCacheConfiguration.StageCacheProperties.class)
class StageCacheConfiguration {

	@Bean
	StageCache stageCache(StageCacheProperties properties, MeterRegistry meters, Ticker ticker) {
		return new StageCache(properties.maxSize(), properties.maxMissing(),
				new Freshness("csms.stages", properties.maxStale(), ticker, meters), meters);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "csms.stage-cache.enabled", matchIfMissing = true)
	StageChanges stageChanges(StageCache cache, ObjectProvider<StageCacheFill> fill) {
		return new StageChanges(cache, fill.getIfAvailable());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = { "csms.stage-cache.enabled", "csms.stage-cache.preload" },
			matchIfMissing = true)
	StageCacheFill stageCacheFill(StageCache cache, StageSnapshot snapshot) {
		return new StageCacheFill(cache, snapshot);
	}

	/**
	 * Readiness waits for the first fill of the stage cache, when there is one.
	 * @param fill the fill, if the cache is filled at start
	 * @return the indicator, out of service while the first fill runs
	 */
	@Bean
	HealthIndicator stageCacheHealthIndicator(ObjectProvider<StageCacheFill> fill) {
		StageCacheFill filler = fill.getIfAvailable();
		return () -> {
			if (filler == null) {
				return Health.up().withDetail("preload", "off").build();
			}
			return filler.firstFillDone() ? Health.up().withDetail("preload", "done").build()
					: Health.outOfService().withDetail("preload", "running").build();
		};
	}

	/**
	 * The stage cache.
	 *
	 * @param enabled whether to cache stages at all
	 * @param maxSize how many secrets' stages to keep at most (about 400 bytes each)
	 * @param maxMissing how many names of secrets that do not exist to remember, apart
	 * from the secrets
	 * @param preload whether to load the stages of all secrets, up to {@code maxSize},
	 * each time the cache comes into use, rather than only those that are read
	 * @param maxStale while the database cannot be reached, how long after the last
	 * moment the cache was known to be fresh it still answers reads; zero for not at all
	 */
	@ConfigurationProperties("csms.stage-cache")
	@Validated
	record StageCacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("100000") @Positive long maxSize,
			@DefaultValue("10000") @Positive long maxMissing, @DefaultValue("true") boolean preload,
			@DefaultValue("60s") Duration maxStale) {

	}

}
