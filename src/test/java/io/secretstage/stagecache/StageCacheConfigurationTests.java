package io.secretstage.stagecache;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.database.Freshness;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the flags switch the cache's announcements and fill, and that readiness
 * waits for the first fill of the stage cache, and only when there is one.
 */
class StageCacheConfigurationTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(StageCacheConfiguration.class)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(Ticker.class, Ticker::systemTicker)
		.withBean(StageSnapshot.class, () -> (reader) -> {
		});

	@Test
	void announcementsAndFillByDefault() {
		this.context.run((context) -> assertThat(context).hasSingleBean(StageCache.class)
			.hasSingleBean(StageChanges.class)
			.hasSingleBean(StageCacheFill.class));
	}

	@Test
	void noFillWithoutPreload() {
		this.context.withPropertyValues("csms.stage-cache.preload=false")
			.run((context) -> assertThat(context).hasSingleBean(StageChanges.class)
				.doesNotHaveBean(StageCacheFill.class));
	}

	@Test
	void neitherAnnouncementsNorFillWhenDisabled() {
		this.context.withPropertyValues("csms.stage-cache.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(StageCache.class)
				.doesNotHaveBean(StageChanges.class)
				.doesNotHaveBean(StageCacheFill.class));
	}

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
