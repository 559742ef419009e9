package io.secretstage.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL of a drill's own, on a port and a data directory that outlive it, so that
 * it can be stopped and started again as the same database.
 */
final class OwnPostgres {

	private OwnPostgres() {
	}

	/**
	 * Start PostgreSQL on the data directory, after a crash recovery if it was stopped at
	 * once.
	 * @param port its port
	 * @param data its data directory, created if empty
	 * @return the running database
	 * @throws IOException if it does not start
	 */
	static EmbeddedPostgres start(int port, Path data) throws IOException {
		return EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false).start();
	}

	/**
	 * Stop PostgreSQL as {@code pg_ctl stop -m immediate} does: {@code SIGQUIT} to its
	 * postmaster, which ends every connection at once and writes no checkpoint.
	 * @param data its data directory
	 * @throws IOException if the signal cannot be sent
	 * @throws InterruptedException if interrupted while sending it
	 */
	static void stopAtOnce(Path data) throws IOException, InterruptedException {
		String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
		Process kill = new ProcessBuilder("kill", "-QUIT", pid).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
		ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
		await().atMost(Duration.ofSeconds(10)).until(() -> !postmaster.isAlive());
	}

}
