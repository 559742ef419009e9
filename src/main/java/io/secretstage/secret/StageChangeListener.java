package io.secretstage.secret;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
 * Listens, on a connection of its own, for the changes the database announces on
 * {@code csms_secret_changes} (see the {@code V2} migration) and drops the changed
 * secrets from the {@link StageCache}. While the connection is down the cache is not
 * used; the listener reconnects every second and starts again from an empty cache, which
 * it has filled in the background when a fill is configured.
 */
class StageChangeListener implements SmartLifecycle {

	static final String CHANNEL = "csms_secret_changes";

	/** How long one wait for notices lasts, and so how soon a stop is noticed. */
	private static final int WAIT_MILLIS = 250;

	/** How often the connection is checked when no notice comes. */
	private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

	private static final Logger logger = LoggerFactory.getLogger(StageChangeListener.class);

	private final JdbcConnectionDetails database;

	private final StageCache cache;

	private final @Nullable Runnable fill;

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	private final CountDownLatch firstAttempt = new CountDownLatch(1);

	/**
	 * Create the listener.
	 * @param database where to listen
	 * @param cache the cache to keep fresh
	 * @param fill run in the background each time the cache comes into use, if any
	 */
	StageChangeListener(JdbcConnectionDetails database, StageCache cache, @Nullable Runnable fill) {
		this.database = database;
		this.cache = cache;
		this.fill = fill;
	}

	/**
	 * Start listening, and wait (a few seconds at most) for the first attempt to connect,
	 * so that the service starts with its cache in use when the database is up.
	 */
	@Override
	public void start() {
		this.running = true;
		Thread listener = new Thread(this::listen, "csms-stage-listener");
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
		this.cache.distrust();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		boolean wasUp = true;
		while (this.running) {
			try (Connection connection = connect()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				this.cache.trust();
				if (this.fill != null) {
					// A platform thread: the fill holds the cache's lock across its
					// database reads, which would pin a virtual thread's carrier on Java
					// 21.
					Thread.ofPlatform().name("csms-stage-cache-fill").daemon().start(this.fill);
				}
				this.firstAttempt.countDown();
				if (!wasUp) {
					logger.info("Listening for secret changes again; the stage cache is back in use");
				}
				wasUp = true;
				receive(connection);
			}
			catch (SQLException ex) {
				this.cache.distrust();
				this.firstAttempt.countDown();
				if (wasUp && this.running) {
					logger.warn("Lost the connection that announces secret changes ({}); reading stages from the "
							+ "database until it is back", ex.getMessage());
				}
				wasUp = false;
				pause();
			}
		}
	}

	private void receive(Connection connection) throws SQLException {
		PGConnection notices = connection.unwrap(PGConnection.class);
		long nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
		while (this.running) {
			PGNotification[] received = notices.getNotifications(WAIT_MILLIS);
			if (received != null) {
				for (PGNotification notice : received) {
					String changed = notice.getParameter();
					int slash = changed.indexOf('/');
					if (slash > 0) {
						this.cache.evict(changed.substring(0, slash), changed.substring(slash + 1));
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
		properties.setProperty("ApplicationName", "csms-stage-listener");
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
