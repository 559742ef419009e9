package io.secretstage.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Listens, on a connection of its own, for the changes the database announces on each
 * {@link ChangeChannel} (secrets and their stages, access keys) and hands them to it.
 * From the moment that connection is in doubt (it failed, or stopped answering) every
 * channel is told so, and what it keeps is not fresh (see {@link Freshness}); the
 * listener reconnects at once, then every second, and tells every channel when it is
 * back. A refused attempt to connect, or a loss not made good within 250 ms, opens the
 * {@link DatabaseCircuit} too, whose probe closes it once the database takes connections
 * through the pool again: this listener being back is not enough (after a failover the
 * pool may still hold connections to the server that went away, or the database may
 * accept this connection before the pool's).
 */
final class DatabaseChangeListener implements SmartLifecycle {

	/** How long one wait for notices lasts, and so how soon a stop is noticed. */
	private static final int WAIT_MILLIS = 250;

	/** How often the connection is checked when no notice comes. */
	private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

	/**
	 * A connection lost after this long is tried again at once; one lost sooner, later.
	 */
	private static final Duration RETRY_AT_ONCE_AFTER = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(DatabaseChangeListener.class);

	private final DirectConnections database;

	private final List<ChangeChannel> channels;

	private final DatabaseCircuit circuit;

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	private final CountDownLatch firstAttempt = new CountDownLatch(1);

	/**
	 * Create the listener.
	 * @param database where to listen
	 * @param channels the channels to listen on
	 * @param circuit the database's circuit, opened when the connection is lost
	 */
	DatabaseChangeListener(DirectConnections database, List<ChangeChannel> channels, DatabaseCircuit circuit) {
		this.database = database;
		this.channels = List.copyOf(channels);
		this.circuit = circuit;
	}

	/**
	 * Start listening, and wait (a few seconds at most) for the first attempt to connect,
	 * so that the service starts with its caches in use when the database is up.
	 */
	@Override
	public void start() {
		this.running = true;
		Thread listener = new Thread(this::listen, "csms-change-listener");
		listener.setDaemon(true);
		this.thread = listener;
		listener.start();
		try {
			this.firstAttempt.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread listener = this.thread;
		if (listener != null) {
			listener.interrupt();
			try {
				listener.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.channels.forEach(ChangeChannel::disconnected);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Connect, listen until the connection is lost, and again. A loss is told to the
	 * channels at once, before the next attempt, so that reads no longer take the caches
	 * as fresh; the next attempt comes at once if the connection had lasted, else a
	 * second later. A failed attempt opens the circuit, and so does a loss that the next
	 * attempt has not made good within 250 ms ({@link DatabaseCircuit#lost()}): a
	 * database that is gone refuses the attempt at once, or a proxy before it holds it
	 * for seconds. (When only this connection was cut, the attempt succeeds in
	 * milliseconds and no request notices.) When an attempt succeeds, the channels begin
	 * a new generation (notices may have been missed).
	 */
	private void listen() {
		boolean wasUp = true;
		while (this.running) {
			Connection connection;
			try {
				connection = this.database.open("csms-change-listener");
			}
			catch (SQLException ex) {
				if (this.running) {
					this.circuit.unreachable();
				}
				lost(wasUp, ex);
				wasUp = false;
				pause();
				continue;
			}
			long connected = System.nanoTime();
			try (connection) {
				try (Statement statement = connection.createStatement()) {
					for (ChangeChannel channel : this.channels) {
						statement.execute("LISTEN " + channel.name());
					}
				}
				this.channels.forEach(ChangeChannel::connected);
				this.circuit.listening();
				this.firstAttempt.countDown();
				if (!wasUp) {
					logger.info("Listening for changes again; the in-memory caches are back in use");
				}
				wasUp = true;
				receive(connection);
			}
			catch (SQLException ex) {
				if (this.running) {
					this.circuit.lost();
				}
				lost(wasUp, ex);
				wasUp = false;
				if (System.nanoTime() - connected < RETRY_AT_ONCE_AFTER.toNanos()) {
					pause();
				}
			}
		}
	}

	/**
	 * Tell every channel; log the loss once, when an outage begins.
	 * @param wasUp whether the connection was up until now, rather than already lost
	 * @param ex why the connection failed, logged by its message
	 */
	private void lost(boolean wasUp, SQLException ex) {
		this.channels.forEach(ChangeChannel::disconnected);
		this.firstAttempt.countDown();
		if (wasUp && this.running) {
			logger.warn("Lost the connection that announces changes ({}); the in-memory caches are not trusted "
					+ "until it is back", ex.getMessage());
		}
	}

	private void receive(Connection connection) throws SQLException {
		PGConnection notices = connection.unwrap(PGConnection.class);
		long nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
		while (this.running) {
			PGNotification[] received = notices.getNotifications(WAIT_MILLIS);
			if (received != null) {
				for (PGNotification notice : received) {
					for (ChangeChannel channel : this.channels) {
						if (channel.name().equals(notice.getName())) {
							channel.changed(notice.getParameter());
						}
					}
				}
			}
			if (System.nanoTime() > nextCheck) {
				if (!connection.isValid(1)) {
					throw new SQLException("the connection stopped answering");
				}
				nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
			}
		}
	}

	private void pause() {
		try {
			Thread.sleep(1_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
