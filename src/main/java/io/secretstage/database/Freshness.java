package io.secretstage.database;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether what an in-memory cache holds is fresh: it is while the database's
 * announcements of changes flow ({@link ChangeChannel}). Each time they flow again a new
 * generation begins, and only entries made in the generation now flowing are fresh; the
 * cache drops nothing when that happens. An entry of an earlier generation was fresh
 * until the moment its generation's announcements stopped: it is not served as fresh, but
 * kept, so that when the database cannot answer (it went away, or is just back and not
 * yet taking connections) it still answers the read, for at most {@code maxStale} after
 * that moment, until a fresh read or a fill replaces it. While the announcements do not
 * flow nothing is fresh, and reads go to the database, with the same fallback; except
 * from the moment they stop until the listener's next attempt to reconnect is over (the
 * next {@link #trust()} or {@link #distrust()}): then what is held answers without asking
 * the database. The database may well be gone, and asking it would hold a read for the
 * pool's connection timeout before it fails; what is held was fresh a moment ago, and the
 * attempt (which opens the database's circuit if it fails) takes milliseconds.
 */
public final class Freshness {

	/** The generation while nothing is fresh: the announcements do not flow. */
	public static final int NONE = -1;

	private final long maxStaleNanos;

	private final Ticker ticker;

	private final Counter staleReads;

	/** The generation whose entries are fresh, or {@link #NONE}. */
	private volatile int generation = NONE;

	/**
	 * Whether the announcements just stopped, and the attempt to reconnect is not over.
	 */
	private volatile boolean doubting;

	/** The last generation begun. Guarded by this. */
	private int lastGeneration;

	/**
	 * When the announcements of each recent generation stopped, by {@link #ticker}: none
	 * that stopped more than {@code maxStale} ago. Guarded by this.
	 */
	private final Map<Integer, Long> endedAt = new HashMap<>();

	/**
	 * Create the freshness of one cache.
	 * @param cache the cache's name, in the metric {@code csms.cache.stale.reads}
	 * @param maxStale how long after the announcements stopped an entry made before still
	 * answers reads that the database cannot; zero for never
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
	 * The generation whose entries are fresh: an entry made now is of this one.
	 * @return the generation, or {@link #NONE} while the announcements do not flow
	 */
	public int generation() {
		return this.generation;
	}

	/** The announcements flow, from now on: a new generation begins. */
	public synchronized void trust() {
		this.lastGeneration++;
		this.generation = this.lastGeneration;
		this.doubting = false;
	}

	/**
	 * The announcements stopped (again, on each failed attempt to reconnect: only the
	 * first one counts).
	 * @return whether the cache is to keep what it holds, for reads the database cannot
	 * answer
	 */
	public synchronized boolean distrust() {
		long now = this.ticker.read();
		this.doubting = this.generation != NONE;
		if (this.doubting) {
			this.endedAt.put(this.generation, now);
			this.generation = NONE;
		}
		this.endedAt.values().removeIf((ended) -> now - ended > this.maxStaleNanos);
		return this.maxStaleNanos > 0;
	}

	/**
	 * Read from the database what the cache holds no fresh entry of.
	 * @param loader reads the database (and may put what it read in the cache)
	 * @param held what the cache holds, of whichever generation, or {@code null}
	 * @param <T> what is read
	 * @return what the database answered or, when it cannot be reached (or the
	 * announcements just stopped), what the cache held if that was fresh no longer than
	 * {@code maxStale} ago
	 */
	public <T> T load(Supplier<T> loader, Supplier<@Nullable Held<T>> held) {
		T stale = this.doubting ? stale(held) : null;
		if (stale != null) {
			return stale;
		}
		try {
			return loader.get();
		}
		catch (DataAccessResourceFailureException | CannotCreateTransactionException ex) {
			stale = stale(held);
			if (stale == null) {
				throw ex;
			}
			return stale;
		}
	}

	private <T> @Nullable T stale(Supplier<@Nullable Held<T>> held) {
		Held<T> entry = held.get();
		if (entry == null || !usable(entry.generation())) {
			return null;
		}
		this.staleReads.increment();
		return entry.value();
	}

	private synchronized boolean usable(int generation) {
		if (generation == this.generation) {
			return true;
		}
		Long ended = this.endedAt.get(generation);
		return ended != null && this.ticker.read() - ended <= this.maxStaleNanos;
	}

	/**
	 * What a cache holds of one key, and the generation it was made in.
	 *
	 * @param value the value
	 * @param generation its generation
	 * @param <T> the value's type
	 */
	public record Held<T>(T value, int generation) {

	}

}
