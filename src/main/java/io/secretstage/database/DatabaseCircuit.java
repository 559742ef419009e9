package io.secretstage.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.system.Circuits;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The database's circuit breaker. Every connection taken from the pool goes through it:
 * after a few attempts in a row failed (each waits out the pool's connection timeout),
 * requests that need the database fail at once with 500 {@code CSMS.0500} instead of each
 * waiting that long, and reads the in-memory caches can answer keep being answered (see
 * {@code csms.stage-cache.max-stale}). The change listener
 * ({@link DatabaseChangeListener}) opens it too, as soon as it cannot connect, or when it
 * lost its connection and is not back 250 ms later.
 * <p>
 * When it opens, the pool's connections are evicted (they most likely lead to the server
 * that went away) and the pool keeps no idle ones, so that its thread that adds
 * connections stops trying, rather than backing off to 5 s between attempts and making
 * the first requests after the database is back wait for it. From then on a probe tries
 * the database every 250 ms: a connection of its own first, then, once that works, one
 * through the pool; the circuit closes as soon as that one works, whoever opened it, and
 * the pool keeps its idle connections again. Besides, once the time open is over, one
 * request is let through to try.
 */
final class DatabaseCircuit implements AutoCloseable {

	private static final Duration PROBE_EVERY = Duration.ofMillis(250);

	/**
	 * How long the change listener has to be back after a loss before the circuit opens.
	 */
	private static final Duration LOSS_GRACE = Duration.ofMillis(250);

	private final CircuitBreaker breaker;

	private final Connect direct;

	private final ScheduledExecutorService prober = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("csms-database-probe").daemon().factory());

	/** Whether a probe is under way or scheduled. */
	private final AtomicBoolean probing = new AtomicBoolean();

	/** Whether the change listener is connected. */
	private volatile boolean listening = true;

	private volatile @Nullable DataSource pool;

	private volatile @Nullable HikariDataSource hikari;

	/**
	 * The pool's own minimum of idle connections, kept again when the circuit closes;
	 * negative until the circuit first opens.
	 */
	private volatile int minimumIdle = -1;

	/**
	 * Create the circuit.
	 * @param circuits where the breaker is made
	 * @param failures how many attempts in a row to get a connection open it
	 * @param openFor how long it stays open unless the probe finds the database first
	 * @param meters where the gauge {@code csms.database.up} goes
	 * @param direct opens a connection to the database outside the pool
	 */
	DatabaseCircuit(Circuits circuits, int failures, Duration openFor, MeterRegistry meters, Connect direct) {
		this.breaker = circuits.inARow("database", failures, openFor);
		this.direct = direct;
		this.breaker.getEventPublisher().onStateTransition((event) -> {
			switch (event.getStateTransition().getToState()) {
				case OPEN -> opened();
				case CLOSED -> closed();
				default -> {
				}
			}
		});
		Gauge.builder("csms.database.up", this, (circuit) -> circuit.up() ? 1 : 0)
			.description("1 while the database answers, 0 while its circuit is open or being tried")
			.register(meters);
	}

	/**
	 * Whether the database is taken to answer: its circuit is closed.
	 * @return {@code true} if requests go to the database
	 */
	boolean up() {
		return this.breaker.getState() == CircuitBreaker.State.CLOSED;
	}

	/**
	 * The change listener's connection was lost: unless it is back within 250 ms, the
	 * circuit opens. When only that connection was cut, it is back in milliseconds and no
	 * request notices; when the database is gone, the attempt may hang much longer (a
	 * proxy trying a dead server) while requests would each wait out the pool's
	 * connection timeout.
	 */
	void lost() {
		this.listening = false;
		if (!this.prober.isShutdown()) {
			this.prober.schedule(() -> {
				if (!this.listening) {
					unreachable();
				}
			}, LOSS_GRACE.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/** The change listener is connected. */
	void listening() {
		this.listening = true;
	}

	/** The change listener could not connect. */
	void unreachable() {
		try {
			if (this.breaker.getState() != CircuitBreaker.State.OPEN) {
				this.breaker.transitionToOpenState();
			}
		}
		catch (IllegalStateTransitionException ex) {
			// A request's outcome opened it first.
		}
	}

	/**
	 * The pool, its connections taken through this circuit.
	 * @param pool the pool
	 * @return the pool behind the circuit
	 */
	DataSource guard(DataSource pool) {
		this.pool = pool;
		if (pool instanceof HikariDataSource hikariPool) {
			this.hikari = hikariPool;
		}
		return new DelegatingDataSource(pool) {

			@Override
			public Connection getConnection() throws SQLException {
				return connect(pool::getConnection);
			}

			@Override
			public Connection getConnection(String username, String password) throws SQLException {
				return connect(() -> pool.getConnection(username, password));
			}

		};
	}

	@Override
	public void close() {
		this.prober.shutdownNow();
	}

	private Connection connect(Connect connect) throws SQLException {
		if (!this.breaker.tryAcquirePermission()) {
			throw new DatabaseCircuitOpenException();
		}
		long start = this.breaker.getCurrentTimestamp();
		try {
			Connection connection = connect.connect();
			this.breaker.onSuccess(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit());
			return connection;
		}
		catch (SQLException ex) {
			this.breaker.onError(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit(), ex);
			throw ex;
		}
	}

	private void opened() {
		HikariDataSource hikari = this.hikari;
		if (hikari != null) {
			// As the pool has settled it when it started (not as configured: -1 for its
			// maximum size).
			int own = hikari.getMinimumIdle();
			if (own > 0) {
				this.minimumIdle = own;
			}
			hikari.setMinimumIdle(0);
			if (hikari.getHikariPoolMXBean() != null) {
				hikari.getHikariPoolMXBean().softEvictConnections();
			}
		}
		startProbing();
	}

	private void closed() {
		HikariDataSource hikari = this.hikari;
		if (hikari != null && this.minimumIdle >= 0) {
			hikari.setMinimumIdle(this.minimumIdle);
		}
	}

	private void probe() {
		if (!up() && !reachable()) {
			this.prober.schedule(this::probe, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
			return;
		}
		if (!up()) {
			this.breaker.transitionToClosedState();
		}
		this.probing.set(false);
		if (!up()) {
			// Opened again between the probe and now.
			startProbing();
		}
	}

	private void startProbing() {
		if (!this.prober.isShutdown() && this.probing.compareAndSet(false, true)) {
			this.prober.execute(this::probe);
		}
	}

	/**
	 * Whether a connection of the circuit's own, then one through the pool, work.
	 * @return {@code true} if both do
	 */
	private boolean reachable() {
		try {
			this.direct.connect().close();
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
		DataSource pool = this.pool;
		if (pool == null) {
			return true;
		}
		try (Connection connection = pool.getConnection()) {
			return connection.isValid(1);
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

	/** Opens a connection. */
	@FunctionalInterface
	interface Connect {

		/**
		 * Open a connection.
		 * @return the connection
		 * @throws SQLException if none could be opened
		 */
		Connection connect() throws SQLException;

	}

}
