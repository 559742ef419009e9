package io.secretstage.system;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The time the service goes by and the circuit breakers that go by it: the {@link Clock}
 * for moments (when a token expires, when an open circuit may be tried again), the
 * {@link Ticker} of the caches whose entries live for a time, and the {@link Circuits}.
 * The time is a bean, the system's own, so that a test can move it rather than wait for
 * it.
 */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Ticker ticker() {
		return Ticker.systemTicker();
	}

	@Bean
	Circuits circuits(MeterRegistry meters, Clock clock) {
		return new Circuits(meters, clock);
	}

}
