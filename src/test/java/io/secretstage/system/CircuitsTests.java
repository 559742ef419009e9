package io.secretstage.system;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.TestClock;
import io.secretstage.TestLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Circuits#inARow}: a breaker opens after so many failures in a row,
 * fails calls at once while open, lets one call through once the time open is over, and
 * closes on its success or opens again on its failure. The time is a clock of the test's,
 * moved by hand: nothing sleeps. (The time open is long, so that Resilience4j's own
 * switch to half-open, scheduled in real time, never comes during a test.)
 */
@ExtendWith(OutputCaptureExtension.class)
class CircuitsTests {

	private static final Duration OPEN_FOR = Duration.ofHours(1);

	private static final Duration MILLISECOND = Duration.ofMillis(1);

	private final TestClock clock = new TestClock(Instant.parse("2026-11-29T09:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final CircuitBreaker breaker = new Circuits(this.meters, this.clock).inARow("test", 3, OPEN_FOR);

	/** How many calls were tried, not refused by the breaker. */
	private final AtomicInteger tried = new AtomicInteger();

	@Test
	void opensAfterTheGivenNumberOfFailuresInARowAndNotBefore() {
		assertThat(call(false)).isEqualTo("failed");
		assertThat(call(false)).isEqualTo("failed");
		assertThat(this.breaker.getState()).isEqualTo(State.CLOSED);

		assertThat(call(false)).isEqualTo("failed");

		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
		assertThat(this.tried).hasValue(3);
	}

	@Test
	void aSuccessAmongFailuresMakesThemCountAgainFromNothing() {
		call(false);
		call(false);
		call(true);
		call(false);
		call(false);
		assertThat(this.breaker.getState()).isEqualTo(State.CLOSED);

		call(false);

		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
	}

	@Test
	void whileOpenCallsFailAtOnceWithoutBeingTriedUntilTheTimeOpenIsOver() {
		open();

		for (int i = 0; i < 5; i++) {
			assertThat(call(true)).isEqualTo("refused");
		}
		this.clock.advance(OPEN_FOR.minus(MILLISECOND));
		assertThat(call(true)).isEqualTo("refused");

		assertThat(this.tried).hasValue(3);
		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
		assertThat(this.breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(6);
	}

	@Test
	void onceTheTimeOpenIsOverOneCallIsLetThroughAndTheOthersRefusedMeanwhile() {
		open();
		this.clock.advance(OPEN_FOR.plus(MILLISECOND));

		assertThat(this.breaker.tryAcquirePermission()).isTrue();
		assertThat(this.breaker.getState()).isEqualTo(State.HALF_OPEN);
		assertThat(this.breaker.tryAcquirePermission()).isFalse();
		assertThat(call(true)).isEqualTo("refused");
	}

	@Test
	void aSuccessfulTryClosesTheCircuitAndFailuresCountFromNothing() {
		open();
		this.clock.advance(OPEN_FOR.plus(MILLISECOND));

		assertThat(call(true)).isEqualTo("answered");

		assertThat(this.breaker.getState()).isEqualTo(State.CLOSED);
		assertThat(call(true)).isEqualTo("answered");
		call(false);
		call(false);
		assertThat(this.breaker.getState()).isEqualTo(State.CLOSED);
		call(false);
		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
	}

	@Test
	void aFailedTryOpensTheCircuitAgainForTheWholeTimeOpen() {
		open();
		this.clock.advance(OPEN_FOR.plus(MILLISECOND));

		assertThat(call(false)).isEqualTo("failed");

		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
		this.clock.advance(OPEN_FOR.minus(MILLISECOND));
		assertThat(call(true)).isEqualTo("refused");
		this.clock.advance(MILLISECOND.multipliedBy(2));
		assertThat(call(true)).isEqualTo("answered");
		assertThat(this.breaker.getState()).isEqualTo(State.CLOSED);
	}

	@Test
	void theStateIsInTheMetricsTaggedWithTheBreakersName() {
		assertThat(stateGauge("closed")).isEqualTo(1);

		open();

		assertThat(stateGauge("closed")).isEqualTo(0);
		assertThat(stateGauge("open")).isEqualTo(1);
	}

	@Test
	void openingAndClosingAreLogged(CapturedOutput output) throws InterruptedException {
		open();
		this.clock.advance(OPEN_FOR.plus(MILLISECOND));
		call(true);

		assertThat(TestLogs.flushed(output)).contains("Circuit 'test' open: calls fail at once for PT1H")
			.contains("Circuit 'test' closed: calls flow again");
	}

	@Test
	void aBreakerTellsTheTimeByTheGivenClock() {
		assertThat(this.breaker.getCircuitBreakerConfig().getClock()).isSameAs(this.clock);
	}

	private void open() {
		for (int i = 0; i < 3; i++) {
			call(false);
		}
		assertThat(this.breaker.getState()).isEqualTo(State.OPEN);
	}

	/**
	 * One call through the breaker.
	 * @param succeeds whether the call, if tried, succeeds
	 * @return {@code answered}, {@code failed}, or {@code refused} if the breaker did not
	 * let it be tried
	 */
	private String call(boolean succeeds) {
		try {
			return this.breaker.executeCallable(() -> {
				this.tried.incrementAndGet();
				if (!succeeds) {
					throw new IOException("unreachable");
				}
				return "answered";
			});
		}
		catch (CallNotPermittedException ex) {
			return "refused";
		}
		catch (Exception ex) {
			return "failed";
		}
	}

	private double stateGauge(String state) {
		return this.meters.get("resilience4j.circuitbreaker.state")
			.tag("name", "test")
			.tag("state", state)
			.gauge()
			.value();
	}

}
