package io.secretstage.observability;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JsonLogFormatter}.
 */
class JsonLogFormatterTests {

	private final JsonLogFormatter formatter = new JsonLogFormatter(
			new MockEnvironment().withProperty("spring.application.name", "secret-stage-service"));

	private final Logger logger = new LoggerContext().getLogger("io.secretstage.access");

	@Test
	void formatWritesOneJsonLineWithTheContextAndTheKeyValuePairs() {
		LoggingEvent event = new LoggingEvent("", this.logger, Level.INFO, "GET {} 200", null,
				new Object[] { "/v1/p/secrets/s" });
		event.setMDCPropertyMap(Map.of("requestId", "0123456789abcdef0123456789abcdef", "userId", "user-a"));
		event.addKeyValuePair(new KeyValuePair("status", 200));
		event.addKeyValuePair(new KeyValuePair("duration_ms", 1.25));
		event.addKeyValuePair(new KeyValuePair("error_code", ""));

		String line = this.formatter.format(event);

		assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
		JsonNode json = JsonMapper.shared().readTree(line);
		assertThat(json.get("@timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(json.get("log.level").asString()).isEqualTo("INFO");
		assertThat(json.get("log.logger").asString()).isEqualTo("io.secretstage.access");
		assertThat(json.get("service.name").asString()).isEqualTo("secret-stage-service");
		assertThat(json.get("message").asString()).isEqualTo("GET /v1/p/secrets/s 200");
		assertThat(json.get("requestId").asString()).isEqualTo("0123456789abcdef0123456789abcdef");
		assertThat(json.get("userId").asString()).isEqualTo("user-a");
		assertThat(json.get("status").isInt()).isTrue();
		assertThat(json.get("status").asInt()).isEqualTo(200);
		assertThat(json.get("duration_ms").asDouble()).isEqualTo(1.25);
		assertThat(json.get("error_code").asString()).isEmpty();
	}

	@Test
	void formatEscapesWhatJsonCannotHoldAndWritesTheErrorOnTheSameLine() {
		String awkward = "quote \" backslash \\ newline \n tab \t bell \u0007 separator \u2028 unicode é 😀";
		LoggingEvent event = new LoggingEvent("", this.logger, Level.ERROR, awkward,
				new IllegalStateException("it broke\non two lines"), null);
		event.setMDCPropertyMap(Map.of());

		String line = this.formatter.format(event);

		assertThat(line).hasLineCount(1);
		JsonNode json = JsonMapper.shared().readTree(line);
		assertThat(json.get("message").asString()).isEqualTo(awkward);
		assertThat(json.get("error.type").asString()).isEqualTo("java.lang.IllegalStateException");
		assertThat(json.get("error.message").asString()).isEqualTo("it broke\non two lines");
		assertThat(json.get("error.stack_trace").asString()).contains("JsonLogFormatterTests");
	}

}
