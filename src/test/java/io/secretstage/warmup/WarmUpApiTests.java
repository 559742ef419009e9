package io.secretstage.warmup;

import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import io.secretstage.TestInstances;
import io.secretstage.TestLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that an instance reads itself over HTTP before it is ready, and keeps those reads
 * out of its access log and request metrics while a caller's read is in both.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class WarmUpApiTests {

	private static final String ROUTE = "/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}";

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcConnectionDetails database;

	@Test
	void anInstanceWarmsUpBeforeItStartsWithReadsOfItsOwn(CapturedOutput output) {
		String name = "warm-up-" + UUID.randomUUID();
		new ApiClient(this.client)
			.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A, Map.of("name", name, "secret_string", "one"))
			.assertOk(200);
		Map<String, Object> settings = TestInstances.settings(this.database.getJdbcUrl(), this.database.getUsername(),
				String.valueOf(this.database.getPassword()));
		settings.put("csms.warm-up.requests", "300");
		settings.put("csms.warm-up.connections", "3");
		settings.put("csms.warm-up.collections", "0");
		settings.put("logging.level.io.secretstage.access", "info");

		try (ConfigurableApplicationContext instance = TestInstances.start(settings)) {
			// start() returns once the runners are done: the warm-up came first.
			assertThat(TestLogs.flushed(output)).contains("Warmed up the read path with 300 requests and ")
				.doesNotContain("csms-warm-up");
			MeterRegistry meters = instance.getBean(MeterRegistry.class);
			assertThat(meters.find("http.server.requests").tag("uri", ROUTE).timers()).isEmpty();

			new ApiClient(TestInstances.port(instance))
				.get("/v1/" + PROJECT_A + "/secrets/" + name + "/stages/SYSCURRENT", TOKEN_A)
				.assertOk(200);

			assertThat(meters.get("http.server.requests").tag("uri", ROUTE).timer().count()).isOne();
			assertThat(TestLogs.flushed(output)).contains("/secrets/" + name + "/stages/SYSCURRENT 200");
		}
	}

}
