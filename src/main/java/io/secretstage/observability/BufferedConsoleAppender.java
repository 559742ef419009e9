package io.secretstage.observability;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.jspecify.annotations.Nullable;

/**
 * The console appender of {@code logback-spring.xml}: lines go to standard output through
 * a 64 KB buffer, written out when it is full and at least every 100 ms, rather than one
 * write and flush per line as Logback's console appender does. With an access log line
 * per request, the writes per line took a fifth of a core at 10,000 requests/s
 * (bench/RESULTS.md). A line reaches the output within 100 ms; stopping (at shutdown)
 * writes out the rest.
 */
public class BufferedConsoleAppender extends OutputStreamAppender<ILoggingEvent> {

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final long FLUSH_EVERY_MILLIS = 100;

	private @Nullable ScheduledExecutorService flusher;

	@Override
	public void start() {
		setImmediateFlush(false);
		setOutputStream(new BufferedOutputStream(new StandardOutput(), BUFFER_SIZE));
		super.start();
		if (!isStarted()) {
			return;
		}
		ScheduledExecutorService flushes = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("log-flush").daemon().factory());
		flushes.scheduleWithFixedDelay(this::flush, FLUSH_EVERY_MILLIS, FLUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
		this.flusher = flushes;
	}

	@Override
	public void stop() {
		ScheduledExecutorService flushes = this.flusher;
		if (flushes != null) {
			flushes.shutdownNow();
		}
		// Closes the buffered stream, which writes out what it holds.
		super.stop();
	}

	private void flush() {
		this.streamWriteLock.lock();
		try {
			// Stopping may have closed the stream while this flush waited for the lock.
			OutputStream stream = getOutputStream();
			if (stream != null) {
				stream.flush();
			}
		}
		catch (IOException ex) {
			addError("Could not write log lines to standard output", ex);
		}
		finally {
			this.streamWriteLock.unlock();
		}
	}

	/**
	 * {@code System.out} as it is at each write (tests capture it by replacing it), left
	 * open when the appender stops.
	 */
	private static final class StandardOutput extends OutputStream {

		@Override
		public void write(int b) {
			System.out.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			System.out.write(bytes, offset, length);
		}

		@Override
		public void flush() {
			System.out.flush();
		}

	}

}
