package io.secretstage.database;

import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether what an in-memory cache holds is fresh: it is while the database's
 * announcements of changes flow ({@link ChangeChannel}). When they stop, the cache is not
 * trusted and reads go to the database. One exception: when the database cannot be
 * reached either, what the cache held when the announcements stopped, the last moment it
 * was known to be fresh, still answers, for at most {@code maxStale} after that moment.
 * When they flow again the cache starts from nothing, so nothing that changed meanwhile
 * is served after that.
 */
public final class Freshness {

	private final long maxStaleNanos;

	private final Ticker ticker;

	private final Counter staleReads;

	private volatile boolean trusted;

	/** When the announcements stopped, by {@link #ticker}. */
	private volatile long lostAt;

	/**
	 * Create the freshness of one cache.
	 * @param cache the cache's name, in the metric {@code csms.cache.stale.reads}
	 * @param maxStale how long after the announcements stopped the cache may still answer
	 * reads that the database cannot; zero for never
	 * @param ticker the time
	 * @param meters where the count of reads answered stale goes
	 */
	public Freshness(String cache, Duration maxStale, Ticker ticker, MeterRegistry meters) {
		this.maxStaleNanos = maxStale.toNanos();
		this.ticker = ticker;
		this.staleReads = Counter.builder("csms.cache.stale.reads")
			.tag("cache", cache)
			.description("Reads answered from memory while the database could not be reached")
			.register(meters);
	}

	/**
	 * Whether the announcements flow, so that what the cache holds is fresh.
	 * @return {@code true} if the cache answers reads
	 */
	public boolean trusted() {
		return this.trusted;
	}

	/** The announcements flow, from now on: the cache is to start from nothing. */
	public void trust() {
		this.trusted = true;
	}

	/**
	 * The announcements stopped (again, on each failed attempt to reconnect: only the
	 * first one counts).
	 * @return whether the cache is to keep what it holds, for reads the database cannot
	 * answer
	 */
	public boolean distrust() {
		if (this.trusted) {
			this.lostAt = this.ticker.read();
		}
		this.trusted = false;
		return this.maxStaleNanos > 0;
	}

	/**
	 * Read from the database while the cache is not trusted.
	 * @param loader reads the database
	 * @param held what the cache holds, or {@code null}
	 * @param <T> what is read
	 * @return what the database answered or, when it cannot be reached, what the cache
	 * held if that was fresh no longer than {@code maxStale} ago
	 */
	public <T> T load(Supplier<T> loader, Supplier<@Nullable T> held) {
		try {
			return loader.get();
		}
		catch (DataAccessResourceFailureException | CannotCreateTransactionException ex) {
			T stale = (this.ticker.read() - this.lostAt <= this.maxStaleNanos) ? held.get() : null;
			if (stale == null) {
				throw ex;
			}
			this.staleReads.increment();
			return stale;
		}
	}

}
