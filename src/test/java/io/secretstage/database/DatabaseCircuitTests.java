package io.secretstage.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.TestClock;
import io.secretstage.system.Circuits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * Tests for {@link DatabaseCircuit}: connections taken through it fail at once after a
 * few attempts in a row failed; once the time open is over one attempt is let through;
 * the change listener's loss opens it at once; its probe closes it once a connection of
 * its own and then one through the pool work; the gauge {@code csms.database.up} follows.
 * The time the circuit goes by is a clock of the test's; the probe runs on its own.
 */
class DatabaseCircuitTests {

	private static final Duration OPEN_FOR = Duration.ofHours(1);

	private static final Duration MILLISECOND = Duration.ofMillis(1);

	private final TestClock clock = new TestClock(Instant.parse("2026-11-29T09:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** Whether the database takes the probe's own connections. */
	private final AtomicBoolean databaseTakesConnections = new AtomicBoolean();

	private final AtomicInteger directAttempts = new AtomicInteger();

	private final DatabaseCircuit circuit = new DatabaseCircuit(new Circuits(this.meters, this.clock), 3, OPEN_FOR,
			this.meters, () -> {
				this.directAttempts.incrementAndGet();
				if (!this.databaseTakesConnections.get()) {
					throw new SQLTransientConnectionException("Connection refused", "08001");
				}
				return mock(Connection.class);
			});

	private final DataSource pool = mock(DataSource.class);

	private final DataSource guarded = this.circuit.guard(this.pool);

	private final SQLException refused = new SQLTransientConnectionException("Connection refused", "08001");

	private final Connection connection = mock(Connection.class);

	@AfterEach
	void stopTheProbe() {
		this.circuit.close();
	}

	@Test
	void upAtFirstAndConnectionsComeFromThePool() throws SQLException {
		willReturn(this.connection).given(this.pool).getConnection();

		assertThat(this.guarded.getConnection()).isSameAs(this.connection);
		assertThat(this.circuit.up()).isTrue();
		assertThat(upGauge()).isEqualTo(1);
	}

	@Test
	void afterThreeAttemptsInARowFailedConnectionsFailAtOnceWithoutAskingThePool() throws SQLException {
		given(this.pool.getConnection()).willThrow(this.refused);
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(this.guarded::getConnection)
				.isSameAs(this.refused);
		}
		assertThat(this.circuit.up()).isTrue();

		assertThatExceptionOfType(SQLException.class).isThrownBy(this.guarded::getConnection).isSameAs(this.refused);

		assertThat(this.circuit.up()).isFalse();
		assertThat(upGauge()).isEqualTo(0);
		assertThatExceptionOfType(DatabaseCircuitOpenException.class).isThrownBy(this.guarded::getConnection)
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08001"))
			.isInstanceOf(SQLTransientConnectionException.class)
			.withMessage("The database is unreachable; not trying it for now");
		verify(this.pool, times(3)).getConnection();
	}

	@Test
	void connectionsWithCredentialsGoThroughTheCircuitToo() throws SQLException {
		given(this.pool.getConnection("user", "password")).willThrow(this.refused);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> this.guarded.getConnection("user", "password"))
				.isSameAs(this.refused);
		}

		assertThatExceptionOfType(DatabaseCircuitOpenException.class)
			.isThrownBy(() -> this.guarded.getConnection("user", "password"));
		assertThatExceptionOfType(DatabaseCircuitOpenException.class).isThrownBy(this.guarded::getConnection);
		verify(this.pool, times(3)).getConnection("user", "password");
		verifyNoMoreInteractions(this.pool);
	}

	@Test
	void onceTheTimeOpenIsOverOneAttemptIsLetThroughAndItsSuccessClosesTheCircuit() throws SQLException {
		open();
		this.clock.advance(OPEN_FOR.minus(MILLISECOND));
		assertThatExceptionOfType(DatabaseCircuitOpenException.class).isThrownBy(this.guarded::getConnection);
		this.clock.advance(MILLISECOND.multipliedBy(2));
		willReturn(this.connection).given(this.pool).getConnection();

		assertThat(this.guarded.getConnection()).isSameAs(this.connection);

		assertThat(this.circuit.up()).isTrue();
		assertThat(this.guarded.getConnection()).isSameAs(this.connection);
	}

	@Test
	void aFailedAttemptOnceTheTimeOpenIsOverOpensTheCircuitAgain() throws SQLException {
		open();
		this.clock.advance(OPEN_FOR.plus(MILLISECOND));

		assertThatExceptionOfType(SQLException.class).isThrownBy(this.guarded::getConnection).isSameAs(this.refused);

		assertThat(this.circuit.up()).isFalse();
		assertThatExceptionOfType(DatabaseCircuitOpenException.class).isThrownBy(this.guarded::getConnection);
		verify(this.pool, times(4)).getConnection();
	}

	@Test
	void theChangeListenersFailedProbeOpensTheCircuitAtOnce() throws SQLException {
		this.circuit.unreachable();

		assertThat(this.circuit.up()).isFalse();
		assertThat(upGauge()).isEqualTo(0);
		assertThatExceptionOfType(DatabaseCircuitOpenException.class).isThrownBy(this.guarded::getConnection);
		verifyNoMoreInteractions(this.pool);
	}

	@Test
	void theProbeClosesTheCircuitOnceAConnectionThroughThePoolWorksBeforeTheTimeOpenIsOver() throws SQLException {
		open();
		willReturn(this.connection).given(this.pool).getConnection();
		given(this.connection.isValid(1)).willReturn(true);

		this.databaseTakesConnections.set(true);

		await().atMost(Duration.ofSeconds(5)).until(this.circuit::up);
		assertThat(upGauge()).isEqualTo(1);
		assertThat(this.guarded.getConnection()).isSameAs(this.connection);
	}

	@Test
	void theProbeLeavesTheCircuitOpenWhileOnlyItsOwnConnectionWorks() throws SQLException {
		open();

		this.databaseTakesConnections.set(true);

		// Besides the three attempts that opened it, the probe's through the pool.
		await().atMost(Duration.ofSeconds(5)).until(() -> mockingDetails(this.pool).getInvocations().size() >= 3 + 2);
		assertThat(this.circuit.up()).isFalse();
		assertThatExceptionOfType(DatabaseCircuitOpenException.class).isThrownBy(this.guarded::getConnection);
	}

	@Test
	void whileTheDatabaseRefusesTheProbesOwnConnectionThePoolIsNotTried() {
		this.circuit.unreachable();

		await().atMost(Duration.ofSeconds(5)).until(() -> this.directAttempts.get() >= 3);
		assertThat(this.circuit.up()).isFalse();
		verifyNoInteractions(this.pool);
	}

	@Test
	void whileAnAttemptIsUnderWayTheListenersFailedProbeOpensTheCircuitAndTheAttemptsLateSuccessLeavesItOpen()
			throws SQLException {
		open();
		this.clock.advance(OPEN_FOR.plus(MILLISECOND));
		willAnswerDuringTheAttempt(this.circuit::unreachable);

		assertThat(this.guarded.getConnection()).isSameAs(this.connection);

		assertThat(this.circuit.up()).isFalse();
		assertThatExceptionOfType(DatabaseCircuitOpenException.class).isThrownBy(this.guarded::getConnection);
	}

	@Test
	void aSecondLossWhileOpenChangesNothing() throws SQLException {
		this.circuit.unreachable();
		this.clock.advance(OPEN_FOR.dividedBy(2));

		this.circuit.unreachable();

		// Opened once, not again: the time open counts from the first loss.
		this.clock.advance(OPEN_FOR.dividedBy(2).plus(MILLISECOND));
		willReturn(this.connection).given(this.pool).getConnection();
		assertThat(this.guarded.getConnection()).isSameAs(this.connection);
		assertThat(this.circuit.up()).isTrue();
	}

	@Test
	void aLossOfTheListenersConnectionNotMadeGoodWithinTheGraceOpensTheCircuit() {
		this.circuit.lost();

		await().atMost(Duration.ofSeconds(5)).until(() -> !this.circuit.up());
		verifyNoInteractions(this.pool);
	}

	@Test
	void aLossOfTheListenersConnectionMadeGoodInTimeOpensNothing() {
		this.circuit.lost();
		this.circuit.listening();

		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(this.circuit::up);
	}

	@Test
	void theHealthOfTheDatabaseIsDownAtOnceWhileTheCircuitIsOpenWithoutAskingThePool() {
		HealthIndicator health = new DatabaseConfiguration().dbHealthIndicator(this.circuit, this.guarded);

		this.circuit.unreachable();

		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.health().getDetails()).containsEntry("circuit", "open");
		verifyNoInteractions(this.pool);
	}

	/** Three failed attempts, with the pool refusing every connection from now on. */
	private void open() {
		try {
			willThrow(this.refused).given(this.pool).getConnection();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(this.guarded::getConnection)
				.isSameAs(this.refused);
		}
		assertThat(this.circuit.up()).isFalse();
	}

	/**
	 * The pool answers the next attempt with a connection, running something first while
	 * the attempt is under way.
	 */
	private void willAnswerDuringTheAttempt(Runnable meanwhile) throws SQLException {
		willAnswer((invocation) -> {
			meanwhile.run();
			return this.connection;
		}).given(this.pool).getConnection();
	}

	private double upGauge() {
		return this.meters.get("csms.database.up").gauge().value();
	}

}
