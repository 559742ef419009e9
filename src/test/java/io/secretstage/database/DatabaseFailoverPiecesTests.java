package io.secretstage.database;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.TestClock;
import io.secretstage.TestDatabaseConfiguration;
import io.secretstage.TestInstances;
import io.secretstage.system.Circuits;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The pieces that carry the service through a database restart or failover, each against
 * a PostgreSQL of the test's own that is cut, stopped and started: the change listener
 * tells its channels as soon as its connection is lost, opens the circuit when it cannot
 * connect again (not when only its connection was cut), and its being back does not close
 * the circuit; the circuit, when it opens, empties the pool and keeps it from trying to
 * connect, and its probe closes it once the pool connects again, without waiting out the
 * pool's own back-off. The circuit's time open is an hour on a clock of the test's: only
 * the probe closes it here.
 */
@Tag("outage")
class DatabaseFailoverPiecesTests {

	@TempDir
	Path data;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final AtomicInteger directAttempts = new AtomicInteger();

	private int port;

	private EmbeddedPostgres database;

	private DirectConnections connections;

	private DatabaseCircuit circuit;

	private HikariDataSource pool;

	@BeforeEach
	void databaseAndCircuit() throws IOException {
		this.port = TestInstances.freePort();
		this.database = OwnPostgres.start(this.port, this.data);
		String url = this.database.getJdbcUrl("postgres", "postgres");
		this.connections = new DirectConnections(TestDatabaseConfiguration.connectionDetails(url));
		this.circuit = new DatabaseCircuit(
				new Circuits(this.meters, new TestClock(Instant.parse("2026-12-07T09:00:00Z"))), 3, Duration.ofHours(1),
				this.meters, () -> {
					this.directAttempts.incrementAndGet();
					return this.connections.open("test-probe");
				});
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(url);
		this.pool.setUsername("postgres");
		this.pool.setMaximumPoolSize(4);
		this.pool.setConnectionTimeout(2_000);
	}

	@AfterEach
	void close() throws IOException {
		this.circuit.close();
		this.pool.close();
		this.database.close();
	}

	@Test
	void theListenerTellsItsChannelsAtOnceOpensTheCircuitWhenItCannotConnectAndItsReturnDoesNotCloseIt()
			throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		ChangeChannel channel = new ChangeChannel() {

			@Override
			public String name() {
				return "test_changes";
			}

			@Override
			public void connected() {
				events.add("connected");
			}

			@Override
			public void disconnected() {
				events.add("disconnected, circuit " + (DatabaseFailoverPiecesTests.this.circuit.up() ? "up" : "open"));
			}

			@Override
			public void changed(String payload) {
				events.add("changed " + payload);
			}

		};
		// A pool that cannot connect, though the database takes the listener's
		// connection: the circuit stays open.
		HikariDataSource elsewhere = new HikariDataSource();
		elsewhere.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + TestInstances.freePort() + "/postgres");
		elsewhere.setUsername("postgres");
		elsewhere.setConnectionTimeout(250);
		elsewhere.setInitializationFailTimeout(-1);
		this.circuit.guard(elsewhere);
		DatabaseChangeListener listener = new DatabaseChangeListener(this.connections, List.of(channel), this.circuit);
		JdbcClient sql = JdbcClient.create(this.database.getPostgresDatabase());
		try (elsewhere) {
			listener.start();
			assertThat(events).containsExactly("connected");
			sql.sql("notify test_changes, 'one'").update();
			await().until(() -> events.contains("changed one"));

			// A connection cut within its first second is tried again only a second later
			// (a flapping one), which the circuit's grace does not wait for.
			await().until(
					() -> sql
						.sql("select now() - backend_start > interval '1.1 seconds' from pg_stat_activity "
								+ "where application_name = 'csms-change-listener'")
						.query(Boolean.class)
						.single());
			sql.sql("select pg_terminate_backend(pid) from pg_stat_activity "
					+ "where application_name = 'csms-change-listener'")
				.query()
				.listOfRows();

			// Only its connection was cut: told at once, back at once, nothing opened.
			await().until(() -> events.size() == 4);
			assertThat(events).containsExactly("connected", "changed one", "disconnected, circuit up", "connected");
			assertThat(this.circuit.up()).isTrue();
			sql.sql("notify test_changes, 'two'").update();
			await().until(() -> events.contains("changed two"));

			OwnPostgres.stopAtOnce(this.data);
			this.database.close();
			await().until(() -> !this.circuit.up());
			// Told before the attempt that failed (and again after each).
			assertThat(events.subList(5, events.size())).startsWith("disconnected, circuit up")
				.contains("disconnected, circuit open")
				.doesNotContain("connected");
			this.database = OwnPostgres.start(this.port, this.data);

			await().until(() -> events.getLast().equals("connected"));
			int tried = this.directAttempts.get();
			await().until(() -> this.directAttempts.get() > tried + 2);
			assertThat(this.circuit.up()).as("up with the listener back but the pool not").isFalse();
		}
		finally {
			listener.stop();
		}
	}

	@Test
	void whenTheCircuitOpensThePoolIsEmptiedAndStopsTryingAndTheProbeClosesItOnceThePoolConnectsAgain()
			throws Exception {
		DataSource guarded = this.circuit.guard(this.pool);
		try (Connection connection = guarded.getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
		await().until(() -> this.pool.getHikariPoolMXBean().getIdleConnections() == 4);

		this.database.close();
		this.circuit.unreachable();

		await().until(() -> this.pool.getHikariPoolMXBean().getTotalConnections() == 0);
		assertThat(this.pool.getMinimumIdle()).isZero();
		assertThatExceptionOfType(DatabaseCircuitOpenException.class).isThrownBy(guarded::getConnection);
		// Down long enough for the pool's own back-off to reach its 5 s, had it been
		// trying: the probe tries every 250 ms.
		int tried = this.directAttempts.get();
		await().atMost(Duration.ofSeconds(15)).until(() -> this.directAttempts.get() > tried + 24);
		assertThat(this.pool.getHikariPoolMXBean().getTotalConnections()).isZero();

		this.database = OwnPostgres.start(this.port, this.data);
		long started = System.nanoTime();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(this.circuit::up);
		Duration closedAfter = Duration.ofNanos(System.nanoTime() - started);

		try (Connection connection = guarded.getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
		// Its own minimum again (it fills up to it as requests need, or at its next
		// housekeeping).
		assertThat(this.pool.getMinimumIdle()).isEqualTo(4);
		// Well within the 5 s the pool's back-off would have taken.
		assertThat(closedAfter).isLessThan(Duration.ofSeconds(2));
	}

}
