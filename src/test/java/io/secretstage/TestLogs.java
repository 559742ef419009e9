package io.secretstage;

import java.time.Duration;
import java.util.UUID;

import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;

import static org.awaitility.Awaitility.await;

/**
 * Reads captured logs once everything logged so far has been written: the console log is
 * written through a buffer flushed every 100 ms (see {@code logback-spring.xml}), so a
 * line logged now reaches the output a moment later, in order.
 */
public final class TestLogs {

	private TestLogs() {
	}

	/**
	 * Log a marker, wait until it has been written, and return all output up to then.
	 * @param output the captured output
	 * @return everything written so far
	 */
	public static String flushed(CapturedOutput output) {
		String marker = "log-marker-" + UUID.randomUUID();
		LoggerFactory.getLogger(TestLogs.class).warn(marker);
		await().atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> output.getAll().contains(marker));
		return output.getAll();
	}

}
