package io.secretstage.stagecache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import io.secretstage.TestInstances;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that two instances on one database, each with its stage cache, read every change
 * within a second, whoever makes it, also after the connection that announces changes was
 * cut.
 */
@ApiTest
class StageCacheFreshnessTests {

	private static final Duration FRESH_WITHIN = Duration.ofSeconds(1);

	private static @Nullable ConfigurableApplicationContext other;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcConnectionDetails database;

	@Autowired
	private JdbcClient jdbc;

	private ApiClient first;

	private ApiClient second;

	private String path;

	@BeforeEach
	void twoInstances() {
		if (other == null) {
			other = TestInstances.start(this.database);
		}
		this.first = new ApiClient(this.client);
		this.second = new ApiClient(TestInstances.port(other));
		String name = "fresh-" + UUID.randomUUID();
		this.path = "/v1/" + PROJECT_A + "/secrets/" + name;
		this.first.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A, Map.of("name", name, "secret_string", "one"))
			.assertOk(200);
	}

	@AfterAll
	static void stopTheOtherInstance() {
		if (other != null) {
			other.close();
			other = null;
		}
	}

	@Test
	void aChangeOnOneInstanceIsReadOnTheOtherWithinASecond() {
		assertThat(current(this.second)).isEqualTo("v1");
		assertThat(current(this.first)).isEqualTo("v1");

		this.first.post(this.path + "/versions", TOKEN_A, Map.of("secret_string", "two")).assertOk(200);
		assertThat(current(this.first)).isEqualTo("v2");
		assertReadWithinASecond(this.second, "v2");

		this.second.put(this.path + "/stages/SYSCURRENT", TOKEN_A, Map.of("version_id", "v1")).assertOk(200);
		assertThat(current(this.second)).isEqualTo("v1");
		assertReadWithinASecond(this.first, "v1");
	}

	@Test
	void aChangeMadeInTheDatabaseDirectlyIsReadWithinASecond() {
		assertThat(current(this.first)).isEqualTo("v1");
		assertThat(current(this.second)).isEqualTo("v1");
		this.first
			.post(this.path + "/versions", TOKEN_A, Map.of("secret_string", "two", "version_stages", List.of("other")))
			.assertOk(200);

		this.jdbc
			.sql("update secret_stage set version_id = 'v2' where name = 'SYSCURRENT' "
					+ "and secret_id = (select id from secret where project_id = ? and name = ?)")
			.params(PROJECT_A, this.path.substring(this.path.lastIndexOf('/') + 1))
			.update();

		assertReadWithinASecond(this.first, "v2");
		assertReadWithinASecond(this.second, "v2");
	}

	@Test
	void aDeletedSecretIsGoneOnTheOtherInstanceWithinASecond() {
		assertThat(current(this.second)).isEqualTo("v1");

		this.first.delete(this.path, TOKEN_A).assertOk(200);

		assertThat(current(this.first)).isEqualTo("404");
		assertReadWithinASecond(this.second, "404");
	}

	@Test
	void afterTheAnnouncingConnectionIsCutChangesAreStillReadWithinASecond() {
		assertThat(current(this.first)).isEqualTo("v1");
		assertThat(current(this.second)).isEqualTo("v1");

		int cut = this.jdbc
			.sql("select count(pg_terminate_backend(pid)) from pg_stat_activity "
					+ "where application_name = 'csms-change-listener'")
			.query(Integer.class)
			.single();
		this.second.post(this.path + "/versions", TOKEN_A, Map.of("secret_string", "two")).assertOk(200);

		// At least the two instances of this test; other test contexts alive in this JVM
		// listen too.
		assertThat(cut).isGreaterThanOrEqualTo(2);
		assertReadWithinASecond(this.first, "v2");
		assertReadWithinASecond(this.second, "v2");
	}

	private String current(ApiClient api) {
		ApiClient.Reply reply = api.get(this.path + "/stages/SYSCURRENT", TOKEN_A);
		return (reply.status() == 200) ? reply.json().get("stage").get("version_id").asString()
				: String.valueOf(reply.status());
	}

	/** Assert that reads on the instance give the expected answer within a second. */
	private void assertReadWithinASecond(ApiClient api, String expected) {
		await().atMost(FRESH_WITHIN)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> current(api), expected::equals);
	}

}
