package io.secretstage.stagecache;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.system.Freshness;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that readiness waits for the first fill of the stage cache, and only when there
 * is one.
 */
class StageCacheConfigurationTests {

	@Test
	void outOfServiceUntilTheFirstFillIsOver() {
		// Not trusted, so the fill reads nothing.
		StageCache cache = new StageCache(10, 10,
				new Freshness("test", Duration.ZERO, Ticker.systemTicker(), new SimpleMeterRegistry()),
				new SimpleMeterRegistry());
		StageCacheFill fill = new StageCacheFill(cache, (reader) -> {
			throw new AssertionError("an untrusted cache reads nothing");
		});
		HealthIndicator health = new StageCacheConfiguration().stageCacheHealthIndicator(
				new StaticListableBeanFactory(Map.of("fill", fill)).getBeanProvider(StageCacheFill.class));

		assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		fill.run();
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void upWithoutAFill() {
		HealthIndicator health = new StageCacheConfiguration()
			.stageCacheHealthIndicator(new StaticListableBeanFactory().getBeanProvider(StageCacheFill.class));

		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
	}

}
