package io.secretstage.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.system.Circuits;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The database's circuit breaker. Every connection taken from the pool goes through it:
 * after a few attempts in a row failed (each waits out the pool's connection timeout),
 * requests that need the database fail at once with 500 {@code CSMS.0500} instead of each
 * waiting that long, and reads the stage cache can answer keep being answered (see
 * {@code csms.stage-cache.max-stale}). The connection that listens for changes
 * ({@link DatabaseChangeListener}) probes the database, one attempt a second: a failure
 * opens the circuit, a success closes it. Besides, once the time open is over, one
 * request is let through to try.
 */
final class DatabaseCircuit {

	private final CircuitBreaker breaker;

	DatabaseCircuit(Circuits circuits, int failures, Duration openFor, MeterRegistry meters) {
		this.breaker = circuits.inARow("database", failures, openFor);
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

	/** The database took a connection of the change listener. */
	void reachable() {
		transition(CircuitBreaker.State.CLOSED);
	}

	/** The change listener could not connect. */
	void unreachable() {
		transition(CircuitBreaker.State.OPEN);
	}

	private void transition(CircuitBreaker.State to) {
		if (this.breaker.getState() == to) {
			return;
		}
		try {
			if (to == CircuitBreaker.State.OPEN) {
				this.breaker.transitionToOpenState();
			}
			else {
				this.breaker.transitionToClosedState();
			}
		}
		catch (IllegalStateTransitionException ex) {
			// A request's outcome moved it first: either way it is where it should be.
		}
	}

	/**
	 * The pool, its connections taken through this circuit.
	 * @param pool the pool
	 * @return the pool behind the circuit
	 */
	DataSource guard(DataSource pool) {
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

	@FunctionalInterface
	private interface Connect {

		Connection connect() throws SQLException;

	}

}
