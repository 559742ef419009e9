package io.secretstage.stagecache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

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
final class StageCacheFill implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(StageCacheFill.class);

	private final StageCache cache;

	private final StageSnapshot snapshot;

	private volatile boolean firstFillDone;

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
			this.firstFillDone = true;
		}
	}

	/**
	 * Whether the first fill is over, done or failed.
	 * @return {@code true} once the first fill has ended
	 */
	boolean firstFillDone() {
		return this.firstFillDone;
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
