package io.secretstage.stagecache;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import io.secretstage.TestInstances;
import io.secretstage.database.Freshness;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.CannotCreateTransactionException;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that an instance fills its stage cache from the database when it starts: a secret
 * that it has never read is answered without a SQL statement.
 */
@ApiTest
class StageCacheFillTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcConnectionDetails database;

	@Test
	void aFreshInstanceAnswersFromItsFilledCache() {
		String name = "filled-" + UUID.randomUUID();
		new ApiClient(this.client)
			.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A, Map.of("name", name, "secret_string", "one"))
			.assertOk(200);
		// Two versions, so two stages: the fill must keep a secret's rows together.
		new ApiClient(this.client)
			.post("/v1/" + PROJECT_A + "/secrets/" + name + "/versions", TOKEN_A, Map.of("secret_string", "two"))
			.assertOk(200);

		try (ConfigurableApplicationContext instance = TestInstances.start(this.database)) {
			ApiClient management = new ApiClient(TestInstances.managementPort(instance));
			await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).until(() -> filledAndReady(management));
			Statistics statistics = instance.getBean(EntityManagerFactory.class)
				.unwrap(SessionFactory.class)
				.getStatistics();
			statistics.clear();

			ApiClient api = new ApiClient(TestInstances.port(instance));
			String stages = "/v1/" + PROJECT_A + "/secrets/" + name + "/stages/";

			assertThat(api.get(stages + "SYSCURRENT", TOKEN_A).assertOk(200).at("/stage/version_id").asString())
				.isEqualTo("v2");
			assertThat(api.get(stages + "SYSPREVIOUS", TOKEN_A).assertOk(200).at("/stage/version_id").asString())
				.isEqualTo("v1");
			assertThat(statistics.isStatisticsEnabled()).isTrue();
			assertThat(statistics.getPrepareStatementCount()).isZero();
		}
	}

	@Test
	void aFillThatFailsStillEndsTheWaitForReadiness() throws InterruptedException {
		// Reads are then cached as they miss; an instance must not stay out of service.
		StageCache cache = new StageCache(10, 10,
				new Freshness("test", Duration.ZERO, Ticker.systemTicker(), new SimpleMeterRegistry()),
				new SimpleMeterRegistry());
		cache.trust();
		StageCacheFill fill = new StageCacheFill(cache, (reader) -> {
			throw new CannotCreateTransactionException("the database is down");
		});

		assertThat(fill.awaitFirstFill(Duration.ZERO)).isFalse();

		fill.run();

		assertThat(fill.firstFillDone()).isTrue();
		assertThat(fill.awaitFirstFill(Duration.ZERO)).isTrue();
	}

	/** Whether readiness says that the first fill is done. */
	private static boolean filledAndReady(ApiClient management) {
		ApiClient.Reply readiness = management.get("/actuator/health/readiness", TOKEN_A);
		return readiness.status() == 200
				&& "UP".equals(readiness.json().at("/components/stageCache/status").asString());
	}

}
