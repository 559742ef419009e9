package io.secretstage.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogEventMetrics}: the events the log takes, counted by level, with no
 * turbo filter for Logback to consult.
 */
class LogEventMetricsTests {

	@Test
	void eventsAreCountedByLevelAndTheDisabledOnesNot() {
		LoggerContext context = new LoggerContext();
		Logger logger = context.getLogger("test");
		context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		try (LogEventMetrics metrics = new LogEventMetrics(context)) {
			metrics.bindTo(meters);

			logger.error("one");
			logger.warn("two");
			logger.warn("three");
			logger.info("four");
			logger.debug("not taken");

			assertThat(count(meters, "error")).isEqualTo(1);
			assertThat(count(meters, "warn")).isEqualTo(2);
			assertThat(count(meters, "info")).isEqualTo(1);
			assertThat(count(meters, "debug")).isZero();
			assertThat(context.getTurboFilterList()).isEmpty();
		}
		logger.error("after");
		assertThat(count(meters, "error")).isEqualTo(1);
	}

	private static double count(SimpleMeterRegistry meters, String level) {
		return meters.get("logback.events").tag("level", level).counter().count();
	}

}
