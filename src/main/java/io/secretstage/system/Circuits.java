package io.secretstage.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * changes of state in the log. They go by the service's {@link Clock}.
 */
public final class Circuits {

	private static final Logger logger = LoggerFactory.getLogger(Circuits.class);

	private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

	private final Clock clock;

	/** Until when each open breaker stays open, by {@link #clock}, by name. */
	private final Map<String, Instant> openUntil = new ConcurrentHashMap<>();

	/**
	 * Create the breakers' registry.
	 * @param meters where their metrics go
	 * @param clock the time the breakers go by
	 */
	public Circuits(MeterRegistry meters, Clock clock) {
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
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				this.openUntil.put(name, this.clock.instant().plus(openFor));
			}
			else {
				this.openUntil.remove(name);
			}
			switch (event.getStateTransition().getToState()) {
				case OPEN -> logger.warn("Circuit '{}' open: calls fail at once for {}", name, openFor);
				case CLOSED -> logger.info("Circuit '{}' closed: calls flow again", name);
				default -> logger.debug("Circuit '{}': {}", name, event.getStateTransition());
			}
		});
		return breaker;
	}

	/**
	 * Whether a breaker made here fails calls at once now: it is open, and by the clock
	 * its time open is not over. An open breaker lets a call through once the clock says
	 * the time is over, and moves to {@code HALF_OPEN} on a timer of its own at about the
	 * same moment; this answers as the next call would be answered, without taking the
	 * permission that the call would.
	 * @param breaker a breaker of {@link #inARow}
	 * @return {@code true} while calls are held back
	 */
	public boolean holdsCallsBack(CircuitBreaker breaker) {
		if (breaker.getState() != CircuitBreaker.State.OPEN) {
			return false;
		}
		// Not yet noted (the state changes before its listeners hear of it): just opened.
		Instant until = this.openUntil.get(breaker.getName());
		return until == null || !this.clock.instant().isAfter(until);
	}

}
