package io.secretstage.warmup;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Which reads the warm-up sends: at least {@code requests}, then more until the collector
 * has run {@code collections} times since the budget was made, and never more than
 * {@link #MAX_PER_REQUEST} times {@code requests}, which bounds the start.
 */
final class WarmUpBudget {

	/** How many times the minimum the warm-up sends at most. */
	static final int MAX_PER_REQUEST = 20;

	private final int minimum;

	private final long maximum;

	private final int collections;

	private final LongSupplier collectionCount;

	private final long collectionsBefore;

	private final AtomicLong taken = new AtomicLong();

	private volatile boolean stopped;

	/**
	 * Start a budget.
	 * @param properties how many reads and collections it takes
	 * @param collectionCount how many collections the JVM has run so far
	 */
	WarmUpBudget(WarmUpProperties properties, LongSupplier collectionCount) {
		this.minimum = properties.requests();
		this.maximum = (long) MAX_PER_REQUEST * properties.requests();
		this.collections = properties.collections();
		this.collectionCount = collectionCount;
		this.collectionsBefore = collectionCount.getAsLong();
	}

	/**
	 * Take one more read, if there is one to send.
	 * @return whether to send it
	 */
	boolean next() {
		if (this.stopped) {
			return false;
		}
		long read = this.taken.incrementAndGet();
		return read <= this.minimum || (read <= this.maximum && collectionsSoFar() < this.collections);
	}

	/** Send no more reads. */
	void stop() {
		this.stopped = true;
	}

	/**
	 * How many times the collector has run since the budget was made.
	 * @return the count
	 */
	long collectionsSoFar() {
		return this.collectionCount.getAsLong() - this.collectionsBefore;
	}

}
