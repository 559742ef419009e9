package io.secretstage.observability;

import java.time.Duration;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that {@link BufferedConsoleAppender} holds lines back only briefly: a lone line
 * reaches standard output soon after its flush interval, many lines come out whole and in
 * order, and stopping writes out what is left.
 */
@ExtendWith(OutputCaptureExtension.class)
class BufferedConsoleAppenderTests {

	private final LoggerContext context = new LoggerContext();

	private final BufferedConsoleAppender appender = new BufferedConsoleAppender();

	@BeforeEach
	void start() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern("%msg%n");
		encoder.start();
		this.appender.setContext(this.context);
		this.appender.setEncoder(encoder);
		this.appender.start();
	}

	@AfterEach
	void stop() {
		this.appender.stop();
	}

	@Test
	void aLoneLineIsWrittenOutSoon(CapturedOutput output) {
		this.appender.doAppend(event("lone line"));

		// The flush interval is 100 ms; the bound leaves room for a busy machine.
		awaitOutput(output, "lone line\n", Duration.ofMillis(500));
	}

	@Test
	void manyLinesComeOutWholeAndInOrder(CapturedOutput output) {
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < 5_000; i++) {
			String line = "line " + i + " " + "x".repeat(i % 200);
			this.appender.doAppend(event(line));
			expected.append(line).append('\n');
		}

		// Other loggers of the test JVM write to the same output: look at these lines
		// only.
		awaitOutput(output, "line 4999 ", Duration.ofSeconds(2));
		String written = output.getOut()
			.lines()
			.filter((line) -> line.startsWith("line "))
			.collect(Collectors.joining("\n", "", "\n"));
		assertThat(written).isEqualTo(expected.toString());
	}

	@Test
	void stoppingWritesOutWhatIsLeft(CapturedOutput output) {
		this.appender.doAppend(event("last line"));
		this.appender.stop();

		assertThat(output.getOut()).contains("last line\n");
	}

	private LoggingEvent event(String message) {
		return new LoggingEvent("", this.context.getLogger("test"), Level.INFO, message, null, null);
	}

	/** Wait until the text is on standard output, for at most the time. */
	private static void awaitOutput(CapturedOutput output, String text, Duration time) {
		await().atMost(time)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> output.getOut().contains(text));
	}

}
