package io.secretstage.system;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The time the service goes by: the {@link Clock} for moments (when a token expires, when
 * an open circuit may be tried again) and the {@link Ticker} of the caches whose entries
 * live for a time. Both are beans, the system's own time, so that a test can move time
 * rather than wait for it.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Ticker ticker() {
		return Ticker.systemTicker();
	}

}
