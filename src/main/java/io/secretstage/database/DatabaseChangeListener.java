package io.secretstage.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;

/**
 * Listens, on a connection of its own, for the changes the database announces on each
 * {@link ChangeChannel} (secrets and their stages, access keys) and hands them to it.
 * While the connection is down every channel is told so, and what it keeps is not used
 * (or only as far as the channel allows); the listener reconnects every second, and tells
 * every channel when it is back. Its attempts to connect are the probes of the
 * {@link DatabaseCircuit}: a failed one opens the circuit, a successful one closes it.
 */
final class DatabaseChangeListener implements SmartLifecycle {

	/** How long one wait for notices lasts, and so how soon a stop is noticed. */
	private static final int WAIT_MILLIS = 250;

	/** How often the connection is checked when no notice comes. */
	private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

	/**
	 * A connection lost after this long is tried again at once; one lost sooner, later.
	 */
	private static final Duration RETRY_AT_ONCE_AFTER = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(DatabaseChangeListener.class);

	private final JdbcConnectionDetails database;

	private final List<ChangeChannel> channels;

	private final DatabaseCircuit circuit;

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	private final CountDownLatch firstAttempt = new CountDownLatch(1);

	/**
	 * Create the listener.
	 * @param database where to listen
	 * @param channels the channels to listen on
	 * @param circuit the database's circuit, told whether the database answers
	 */
	DatabaseChangeListener(JdbcConnectionDetails database, List<ChangeChannel> channels, DatabaseCircuit circuit) {
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
	 * Connect, listen until the connection is lost, and again. After a loss the next
	 * attempt comes at once, before the channels are told: a database that is gone
	 * refuses it at once, which opens its circuit, so that the reads the caches can
	 * answer never wait for the database; a database that is there takes it, and the
	 * channels start from nothing (notices may have been missed). After a failed attempt
	 * the next comes a second later.
	 */
	private void listen() {
		boolean wasUp = true;
		while (this.running) {
			Connection connection;
			try {
				connection = connect();
			}
			catch (SQLException ex) {
				this.circuit.unreachable();
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
				this.circuit.reachable();
				this.firstAttempt.countDown();
				if (!wasUp) {
					logger.info("Listening for changes again; the in-memory caches are back in use");
				}
				wasUp = true;
				receive(connection);
			}
			catch (SQLException ex) {
				if (System.nanoTime() - connected < RETRY_AT_ONCE_AFTER.toNanos()) {
					lost(wasUp, ex);
					wasUp = false;
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
				if (!connection.isValid(2)) {
					throw new SQLException("the connection stopped answering");
				}
				nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
			}
		}
	}

	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.database.getUsername());
		String password = this.database.getPassword();
		if (password != null) {
			properties.setProperty("password", password);
		}
		properties.setProperty("ApplicationName", "csms-change-listener");
		properties.setProperty("connectTimeout", "2");
		properties.setProperty("socketTimeout", "10");
		return DriverManager.getConnection(this.database.getJdbcUrl(), properties);
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
