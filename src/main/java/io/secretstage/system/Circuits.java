package io.secretstage.system;

import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breakers in front of what the service depends on (the database, the
 * identity service): Resilience4j's, all of one kind, their states and calls in the
 * metrics ({@code resilience4j_circuitbreaker_*}, tagged with the breaker's name), their
 * changes of state in the log.
 */
public final class Circuits {

	private static final Logger logger = LoggerFactory.getLogger(Circuits.class);

	private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

	private final Clock clock;

	/**
	 * Create the breakers' registry.
	 * @param meters where their metrics go
	 */
	public Circuits(MeterRegistry meters) {
		this(meters, Clock.systemUTC());
	}

	/**
	 * Create the breakers' registry on a clock of the caller's (a test's): it tells when
	 * the time open is over for a call that asks. The end of that time in the state
	 * without a call is still scheduled in real time.
	 * @param meters where their metrics go
	 * @param clock tells the time; Resilience4j's own default is
	 * {@link Clock#systemUTC()}
	 */
	Circuits(MeterRegistry meters, Clock clock) {
		this.clock = clock;
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.registry).bindTo(meters);
	}

	/**
	 * A breaker that opens after {@code failures} calls in a row failed, then fails calls
	 * at once for {@code openFor}; after that one call is let through, and its outcome
	 * closes the circuit or opens it again. The end of {@code openFor} shows in its state
	 * ({@code HALF_OPEN}) without waiting for a call.
	 * @param name the breaker's name, in the metrics and the log
	 * @param failures how many failed calls in a row open it
	 * @param openFor how long it stays open
	 * @return the breaker
	 */
	public CircuitBreaker inARow(String name, int failures, Duration openFor) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(failures)
			.minimumNumberOfCalls(failures)
			.failureRateThreshold(100)
			.waitDurationInOpenState(openFor)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.permittedNumberOfCallsInHalfOpenState(1)
			.writableStackTraceEnabled(false)
			.clock(this.clock)
			.build();
		CircuitBreaker breaker = this.registry.circuitBreaker(name, config);
		breaker.getEventPublisher().onStateTransition((event) -> {
			switch (event.getStateTransition().getToState()) {
				case OPEN -> logger.warn("Circuit '{}' open: calls fail at once for {}", name, openFor);
				case CLOSED -> logger.info("Circuit '{}' closed: calls flow again", name);
				default -> logger.debug("Circuit '{}': {}", name, event.getStateTransition());
			}
		});
		return breaker;
	}

}
