package io.secretstage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Time that stands still until a test moves it: the service's {@link Clock} and, moved
 * with it, the {@link Ticker} of its caches. A test steps over a time to live, an expiry
 * or the time a circuit stays open with {@link #advance(Duration)} instead of sleeping
 * through it. Import {@link Beans} to put it in place of the service's own time.
 */
public final class TestClock extends Clock {

	private final Instant start;

	private final long startNanos = System.nanoTime();

	private final AtomicLong elapsedNanos = new AtomicLong();

	/** A clock that starts now. */
	public TestClock() {
		this(Instant.now());
	}

	/**
	 * A clock that starts at the given instant.
	 * @param start the time it tells until it is moved
	 */
	public TestClock(Instant start) {
		this.start = start;
	}

	/**
	 * Move time forward.
	 * @param time how far
	 */
	public void advance(Duration time) {
		this.elapsedNanos.addAndGet(time.toNanos());
	}

	@Override
	public Instant instant() {
		return this.start.plusNanos(this.elapsedNanos.get());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	/**
	 * The ticker that goes with this clock.
	 * @return nanoseconds that advance as the clock does, and only then
	 */
	public Ticker ticker() {
		return () -> this.startNanos + this.elapsedNanos.get();
	}

	/**
	 * The service's clock and ticker replaced by one {@link TestClock}, for
	 * {@code @Import}. Not a {@code @Configuration}: the instances that tests start
	 * outside Spring's test context scan {@code io.secretstage}, and must keep the time
	 * of the system.
	 */
	public static class Beans {

		@Bean
		@Primary
		TestClock testClock() {
			return new TestClock();
		}

		@Bean
		@Primary
		Ticker testTicker(TestClock clock) {
			return clock.ticker();
		}

	}

}
