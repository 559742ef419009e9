package io.secretstage.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogMasks}.
 */
class LogMasksTests {

	@Test
	void accessKeyThenItsFirstAndLastFourCharacters() {
		assertThat(LogMasks.accessKey("AKTESTEXAMPLE0000001")).isEqualTo("AKTE****0001");
		assertThat(LogMasks.accessKey("SHORT")).isEqualTo("****");
	}

	@Test
	void pathWithAnAccessKeyThenMasked() {
		assertThat(LogMasks.path("/v3.0/OS-CREDENTIAL/credentials/AKTESTEXAMPLE0000001"))
			.isEqualTo("/v3.0/OS-CREDENTIAL/credentials/AKTE****0001");
	}

	@Test
	void pathOverTheLimitThenCutWithItsLength() {
		String path = "/v1/" + "x".repeat(90 * 1024);

		assertThat(LogMasks.path(path)).hasSize(LogMasks.MAX_PATH + "...(92164 characters)".length())
			.startsWith("/v1/xxx")
			.endsWith("...(92164 characters)");
		assertThat(LogMasks.path("/v1/p/secrets/s")).isEqualTo("/v1/p/secrets/s");
	}

}
