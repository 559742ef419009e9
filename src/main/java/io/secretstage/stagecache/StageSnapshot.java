package io.secretstage.stagecache;

import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The rows of every secret, from one snapshot of their storage: what the stage cache is
 * filled with.
 */
@FunctionalInterface
public interface StageSnapshot {

	/**
	 * Hand the rows to the reader, the rows of one secret next to each other, and close
	 * them when it returns.
	 * @param reader reads as many rows as it wants
	 */
	void read(Consumer<Stream<StageRow>> reader);

}
