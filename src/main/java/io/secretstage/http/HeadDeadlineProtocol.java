package io.secretstage.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.Constants;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's NIO protocol with a deadline for the whole request head: a connection whose
 * request line and headers are not all in by then is closed, without an answer. Tomcat's
 * own connection timeout applies to each read, so a client sending a byte a second would
 * otherwise hold its connection, and the header buffer Tomcat allocated for it at its
 * first byte, for ever.
 * <p>
 * Every {@value #SWEEP_MILLIS} ms a task on Tomcat's utility executor looks at the open
 * connections. A connection is late when a request has started on it (Tomcat marks the
 * request's start at its first byte, also on a kept-alive connection, so the wait between
 * requests does not count), its processor is parked waiting for the rest of the head (not
 * running, not asynchronous, not upgraded) and the deadline has passed since that first
 * byte. A late connection gets the event a read timeout gets, which closes it the way
 * Tomcat closes its own. A request whose head arrived in time is never touched: while its
 * body is read the processor is running, and the body has its own timeouts.
 * <p>
 * Public because Tomcat creates its protocol by class name.
 */
public class HeadDeadlineProtocol extends Http11NioProtocol {

	static final long SWEEP_MILLIS = 250;

	private static final Logger logger = LoggerFactory.getLogger(HeadDeadlineProtocol.class);

	private volatile long headTimeoutNanos = TimeUnit.SECONDS.toNanos(5);

	private @Nullable ScheduledFuture<?> sweeper;

	/**
	 * Sets the deadline for the whole request head, from its first byte.
	 * @param timeout the deadline
	 */
	public void setRequestHeadTimeout(Duration timeout) {
		this.headTimeoutNanos = timeout.toNanos();
	}

	/**
	 * The deadline for the whole request head.
	 * @return the deadline
	 */
	public Duration getRequestHeadTimeout() {
		return Duration.ofNanos(this.headTimeoutNanos);
	}

	/**
	 * The heap one connection holds at most while its request head is read: Tomcat
	 * allocates the header buffer whole (the header limit plus a socket read buffer) at
	 * the connection's first byte, besides the socket's read and write buffers, the
	 * response header buffer and the processor's objects.
	 * @return the bytes
	 */
	public long connectionHeapBytes() {
		int socketRead = getEndpoint().getSocketProperties().getAppReadBufSize();
		int socketWrite = getEndpoint().getSocketProperties().getAppWriteBufSize();
		return getMaxHttpRequestHeaderSize() + 2L * socketRead + socketWrite + getMaxHttpResponseHeaderSize()
				+ PROCESSOR_OBJECTS;
	}

	/**
	 * What a processor, its request and response and the socket's wrapper take besides
	 * the buffers: an estimate, which brings the total to the 141 KB a half-sent
	 * connection was seen to hold (issue 23).
	 */
	private static final long PROCESSOR_OBJECTS = 16 * 1024;

	@Override
	public void start() throws Exception {
		super.start();
		startSweeper();
	}

	@Override
	public void pause() throws Exception {
		// A paused connector answers a half-read request 503 itself.
		stopSweeper();
		super.pause();
	}

	@Override
	public void resume() throws Exception {
		super.resume();
		startSweeper();
	}

	@Override
	public void stop() throws Exception {
		stopSweeper();
		super.stop();
	}

	private void startSweeper() {
		if (this.sweeper == null) {
			this.sweeper = getUtilityExecutor().scheduleWithFixedDelay(this::closeLateHeads, SWEEP_MILLIS, SWEEP_MILLIS,
					TimeUnit.MILLISECONDS);
		}
	}

	private void stopSweeper() {
		ScheduledFuture<?> sweeper = this.sweeper;
		if (sweeper != null) {
			sweeper.cancel(false);
			this.sweeper = null;
		}
	}

	private void closeLateHeads() {
		try {
			long now = System.nanoTime();
			int closed = 0;
			AbstractEndpoint<NioChannel, ?> endpoint = getEndpoint();
			for (SocketWrapperBase<NioChannel> connection : endpoint.getConnections()) {
				if (isLate(connection, now)) {
					closed++;
					if (!endpoint.processSocket(connection, SocketEvent.ERROR, true)) {
						connection.close();
					}
				}
			}
			if (closed > 0) {
				logger.debug("Closed {} connections whose request head took longer than {}", closed,
						getRequestHeadTimeout());
			}
		}
		catch (RuntimeException ex) {
			// An exception would cancel the schedule.
			logger.warn("Could not look for late request heads", ex);
		}
	}

	private boolean isLate(SocketWrapperBase<?> connection, long now) {
		Lock lock = connection.getLock();
		// Held while a processor runs: then it is not waiting for the head.
		if (!lock.tryLock()) {
			return false;
		}
		try {
			if (connection.isClosed() || !(connection.getCurrentProcessor() instanceof AbstractProcessor processor)
					|| processor.isAsync() || processor.isUpgrade()) {
				return false;
			}
			Request request = processor.getRequest();
			long start = request.getStartTimeNanos();
			// A processor parked with its request started is waiting for the rest of its
			// head: a whole request ends recycled (start -1) or with the connection
			// closed.
			return request.getRequestProcessor().getStage() == Constants.STAGE_ENDED && start != -1
					&& now - start > this.headTimeoutNanos;
		}
		finally {
			lock.unlock();
		}
	}

}
