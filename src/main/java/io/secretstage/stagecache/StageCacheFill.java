package io.secretstage.stagecache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the stage cache with the stages of every secret, up to its size, each time the
 * cache starts to be trusted: reads of secrets that nobody has read yet are answered from
 * memory too. Runs in the background; until it is done, reads that miss go to the
 * database as always. The instance is ready for traffic once the first fill is over
 * ({@link #firstFillDone()}), so that a new instance does not meet its first load with an
 * empty cache and send every read to the database at once.
 */
public final class StageCacheFill implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(StageCacheFill.class);

	private final StageCache cache;

	private final StageSnapshot snapshot;

	private final CountDownLatch firstFill = new CountDownLatch(1);

	StageCacheFill(StageCache cache, StageSnapshot snapshot) {
		this.cache = cache;
		this.snapshot = snapshot;
	}

	@Override
	public void run() {
		long start = System.nanoTime();
		try {
			long put = this.cache.fill((sink) -> this.snapshot.read((rows) -> feed(rows.iterator(), sink)));
			logger.info("Filled the stage cache with {} secrets (besides those read meanwhile) in {} ms", put,
					(System.nanoTime() - start) / 1_000_000);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not fill the stage cache ({}); secrets are cached as they are read", ex.getMessage());
		}
		finally {
			this.firstFill.countDown();
		}
	}

	/**
	 * Whether the first fill is over, done or failed.
	 * @return {@code true} once the first fill has ended
	 */
	boolean firstFillDone() {
		return this.firstFill.getCount() == 0;
	}

	/**
	 * Wait for the first fill to end, done or failed.
	 * @param timeout how long to wait at most
	 * @return whether it has ended
	 * @throws InterruptedException if the wait is interrupted
	 */
	public boolean awaitFirstFill(Duration timeout) throws InterruptedException {
		return this.firstFill.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Hand the secrets to the sink, each with its rows, until it wants no more.
	 * @param rows the rows of every secret, those of one secret next to each other
	 * @param sink takes one secret at a time
	 */
	private static void feed(Iterator<StageRow> rows, StageCache.Sink sink) {
		List<StageRow> secret = new ArrayList<>();
		while (rows.hasNext()) {
			StageRow row = rows.next();
			if (!secret.isEmpty() && !sameSecret(secret.get(0), row)) {
				if (!put(secret, sink)) {
					return;
				}
				secret.clear();
			}
			secret.add(row);
		}
		if (!secret.isEmpty()) {
			put(secret, sink);
		}
	}

	private static boolean sameSecret(StageRow a, StageRow b) {
		return a.secretName().equals(b.secretName()) && a.projectId().equals(b.projectId());
	}

	private static boolean put(List<StageRow> rows, StageCache.Sink sink) {
		StageRow first = rows.get(0);
		return sink.put(first.projectId(), first.secretName(), CachedSecret.of(rows));
	}

}
