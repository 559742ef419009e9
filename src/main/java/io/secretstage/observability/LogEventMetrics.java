package io.secretstage.observability;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;

/**
 * The counts of log events by level ({@code logback_events_total{level}}, as Micrometer's
 * own binder names them), taken by an appender on the root logger. Micrometer's binder
 * takes them with a Logback turbo filter instead, and Logback consults every turbo filter
 * on every {@code isDebugEnabled()} of every library, thousands of times a second on the
 * read path: 4% of its CPU (bench/RESULTS.md). Replaces Boot's binder, which backs off
 * when a {@link LogbackMetrics} bean exists.
 */
final class LogEventMetrics extends LogbackMetrics {

	private final LoggerContext context;

	/** One per registry bound, each removed again on close (only this binder's own). */
	private final List<Counting> appenders = new CopyOnWriteArrayList<>();

	LogEventMetrics(LoggerContext context) {
		super(List.of(), context);
		this.context = context;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Map<Severity, Counter> counters = new EnumMap<>(Severity.class);
		for (Severity severity : Severity.values()) {
			counters.put(severity,
					Counter.builder("logback.events")
						.tag("level", severity.name().toLowerCase(Locale.ROOT))
						.description("Number of log events that were enabled by the effective log level")
						.baseUnit("events")
						.register(registry));
		}
		Counting appender = new Counting(counters);
		appender.setContext(this.context);
		appender.setName("csms-log-event-metrics");
		appender.start();
		this.context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
		this.appenders.add(appender);
	}

	@Override
	public void close() {
		for (Counting appender : this.appenders) {
			this.context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
			appender.stop();
		}
		this.appenders.clear();
	}

	private enum Severity {

		ERROR, WARN, INFO, DEBUG, TRACE;

		static Severity of(Level level) {
			return switch (level.toInt()) {
				case Level.ERROR_INT -> ERROR;
				case Level.WARN_INT -> WARN;
				case Level.INFO_INT -> INFO;
				case Level.DEBUG_INT -> DEBUG;
				default -> TRACE;
			};
		}

	}

	private static final class Counting extends UnsynchronizedAppenderBase<ILoggingEvent> {

		private final Map<Severity, Counter> counters;

		Counting(Map<Severity, Counter> counters) {
			this.counters = counters;
		}

		@Override
		protected void append(ILoggingEvent event) {
			this.counters.get(Severity.of(event.getLevel())).increment();
		}

	}

}
