package io.secretstage.secret;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.secretstage.ApiClient;
import io.secretstage.SecretFixtures;
import io.secretstage.TestClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for scheduled deletion over real HTTP, with the service's clock moved over the
 * recovery window: every operation's answer on a secret pending deletion, the restore,
 * and the moment the secret is gone, for every operation and before the purge; a backup
 * taken while pending brings it back once gone.
 */
@MovedClockApiTest
class ScheduledDeletionApiTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TestClock clock;

	@Autowired
	private SecretPurge purge;

	private ApiClient api;

	private String name;

	@BeforeEach
	void secretWithTwoVersionsAndAStage() {
		this.api = new ApiClient(this.client);
		this.name = "scheduled-" + UUID.randomUUID();
		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "one")).assertOk(200);
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two")).assertOk(200);
		this.api.put(path("/stages/canary"), TOKEN_A, Map.of("version_id", "v1")).assertOk(200);
	}

	@Test
	void scheduleWithoutABodyThenPendingFor30DaysInWholeSeconds() {
		this.clock.advance(Duration.ofMillis(1500));
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);

		JsonNode secret = schedule(null).get("secret");

		assertThat(secret.get("state").asString()).isEqualTo("PENDING_DELETE");
		assertThat(secret.get("scheduled_delete_time").asLong())
			.isEqualTo(now.plus(Duration.ofDays(30)).toEpochMilli());
		assertThat(secret.get("update_time").asLong()).isEqualTo(now.toEpochMilli());
		assertThat(this.api.get(path(""), TOKEN_A).assertOk(200).get("secret")).isEqualTo(secret);
	}

	@Test
	void aPendingSecretShowsItsMetadataButNotItsValuesAndTakesNoChange() {
		schedule(Map.of("recovery_window_in_days", 7));

		this.api.get(path(""), TOKEN_A).assertOk(200);
		this.api.get(path("/versions"), TOKEN_A).assertOk(200);
		assertThat(
				this.api.get(path("/stages/canary"), TOKEN_A).assertOk(200).get("stage").get("version_id").asString())
			.isEqualTo("v1");
		this.api.get(path("/versions/v1"), TOKEN_A).assertError(400, "CSMS.0103");
		this.api.get(path("/versions/latest"), TOKEN_A).assertError(400, "CSMS.0103");
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "three")).assertError(403, "CSMS.0109");
		this.api.put(path("/stages/canary"), TOKEN_A, Map.of("version_id", "v2")).assertError(403, "CSMS.0109");
		this.api.delete(path("/stages/canary"), TOKEN_A).assertError(403, "CSMS.0109");
		this.api.put(path(""), TOKEN_A, Map.of()).assertError(403, "CSMS.0109");
		this.api.put(path(""), TOKEN_A, Map.of("description", "x")).assertError(403, "CSMS.0109");
		this.api.put(path(""), TOKEN_A, Map.of("kms_key_id", "no-such-key")).assertError(403, "CSMS.0109");
		this.api.put(path("/versions/v1"), TOKEN_A, Map.of("expire_time", future())).assertError(403, "CSMS.0109");
		this.api.post(path("/scheduled-deleted-tasks/create"), TOKEN_A, "{}").assertError(400, "CSMS.0107");
		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "x")).assertError(400, "CSMS.0107");
		String blob = download().assertOk(200).get("secret_blob").asString();
		this.api.post(SECRETS + "/restore", TOKEN_A, Map.of("secret_blob", blob)).assertError(400, "CSMS.0107");
		// A lookup that fails comes before the state.
		this.api.put(path("/stages/canary"), TOKEN_A, Map.of("version_id", "v9")).assertError(404, "CSMS.0005");
		this.api.put(path("/versions/v9"), TOKEN_A, Map.of("expire_time", future())).assertError(404, "CSMS.0005");
		assertThat(this.api.get(SECRETS + "?limit=1&marker=" + before(this.name), TOKEN_A)
			.assertOk(200)
			.get("secrets")
			.get(0)
			.get("state")
			.asString()).isEqualTo("PENDING_DELETE");
		assertThat(auditCount("DeleteSecretForSchedule")).isOne();
	}

	@Test
	void restoreThenEnabledWithItsVersionsAndStagesAsTheyWere() {
		schedule(Map.of("recovery_window_in_days", 7));
		this.clock.advance(Duration.ofDays(6));

		JsonNode secret = this.api.post(path("/scheduled-deleted-tasks/cancel"), TOKEN_A, "ignored, not read")
			.assertOk(200)
			.get("secret");

		assertThat(secret.get("state").asString()).isEqualTo("ENABLED");
		assertThat(secret.get("scheduled_delete_time").isNull()).isTrue();
		assertThat(this.api.get(path("/versions/latest"), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_string")
			.asString()).isEqualTo("two");
		assertThat(
				this.api.get(path("/stages/canary"), TOKEN_A).assertOk(200).get("stage").get("version_id").asString())
			.isEqualTo("v1");
		this.api.post(path("/scheduled-deleted-tasks/cancel"), TOKEN_A, "").assertError(400, "CSMS.0108");
		assertThat(auditCount("RestoreSecret")).isOne();
	}

	@Test
	void scheduleWithAWindowOutOfRangeOrOfAnotherTypeThen400AndNothingChanges() {
		this.api.post(path("/scheduled-deleted-tasks/create"), TOKEN_A, Map.of("recovery_window_in_days", 6))
			.assertError(400, "CSMS.0002");
		this.api.post(path("/scheduled-deleted-tasks/create"), TOKEN_A, Map.of("recovery_window_in_days", 31))
			.assertError(400, "CSMS.0002");
		this.api.post(path("/scheduled-deleted-tasks/create"), TOKEN_A, "{\"recovery_window_in_days\":\"7\"}")
			.assertError(400, "CSMS.0004");
		this.api.post(path("/scheduled-deleted-tasks/create"), TOKEN_A, "{\"recovery_window_in_days\":7.5}")
			.assertError(400, "CSMS.0004");

		assertThat(this.api.get(path(""), TOKEN_A).assertOk(200).get("secret").get("state").asString())
			.isEqualTo("ENABLED");
	}

	@Test
	void atItsDeletionTimeTheSecretIsGoneForEveryOperationBeforeThePurge() {
		// Read once, so that the stage cache holds it.
		this.api.get(path("/stages/SYSCURRENT"), TOKEN_A).assertOk(200);
		schedule(Map.of("recovery_window_in_days", 7));
		this.api.get(path("/stages/SYSCURRENT"), TOKEN_A).assertOk(200);

		this.clock.advance(Duration.ofDays(7));

		this.api.get(path("/stages/SYSCURRENT"), TOKEN_A).assertError(404, "CSMS.0106");
		this.api.get(path(""), TOKEN_A).assertError(404, "CSMS.0106");
		this.api.get(path("/versions"), TOKEN_A).assertError(404, "CSMS.0106");
		this.api.get(path("/versions/latest"), TOKEN_A).assertError(404, "CSMS.0106");
		this.api.post(path("/scheduled-deleted-tasks/cancel"), TOKEN_A, "").assertError(404, "CSMS.0106");
		this.api.post(path("/scheduled-deleted-tasks/create"), TOKEN_A, "").assertError(404, "CSMS.0106");
		this.api.put(path(""), TOKEN_A, Map.of()).assertError(404, "CSMS.0106");
		this.api.delete(path(""), TOKEN_A).assertError(404, "CSMS.0106");
		download().assertError(404, "CSMS.0106");
		assertThat(this.api.get(SECRETS + "?limit=1&marker=" + before(this.name), TOKEN_A)
			.assertOk(200)
			.get("secrets")
			.findValues("name")
			.stream()
			.map(JsonNode::asString)
			.toList()).doesNotContain(this.name);
		assertThat(rows()).as("not purged yet").isOne();
	}

	@Test
	void aNewSecretTakesTheNameOfOneGoneButNotPurgedWithANewIdAndNothingOfTheOld() {
		String oldId = this.api.get(path(""), TOKEN_A).assertOk(200).get("secret").get("id").asString();
		schedule(Map.of("recovery_window_in_days", 7));
		this.clock.advance(Duration.ofDays(7));

		JsonNode secret = this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "new"))
			.assertOk(200)
			.get("secret");

		assertThat(secret.get("id").asString()).isNotEqualTo(oldId);
		assertThat(this.api.get(path("/versions"), TOKEN_A).assertOk(200).get("version_metadatas")).hasSize(1);
		this.api.get(path("/stages/canary"), TOKEN_A).assertError(404, "CSMS.0005");
		assertThat(auditCount("PurgeSecret")).isOne();
	}

	@Test
	void aBlobTakenWhilePendingRestoresTheSecretWithItsIdOnceItIsGoneAndAgainAfterDeleteSecret() {
		String id = this.api.get(path(""), TOKEN_A).assertOk(200).get("secret").get("id").asString();
		schedule(Map.of("recovery_window_in_days", 7));
		String blob = download().assertOk(200).get("secret_blob").asString();
		this.clock.advance(Duration.ofDays(7));

		JsonNode secret = this.api.post(SECRETS + "/restore", TOKEN_A, Map.of("secret_blob", blob))
			.assertOk(200)
			.get("secret");

		assertThat(secret.get("id").asString()).isEqualTo(id);
		assertThat(secret.get("state").asString()).isEqualTo("ENABLED");
		assertThat(secret.get("scheduled_delete_time").isNull()).isTrue();
		assertThat(auditCount("PurgeSecret")).as("the gone secret purged first").isOne();
		assertThat(
				this.api.get(path("/stages/canary"), TOKEN_A).assertOk(200).get("stage").get("version_id").asString())
			.isEqualTo("v1");
		this.api.delete(path(""), TOKEN_A).assertOk(200);
		this.api.post(SECRETS + "/restore", TOKEN_A, Map.of("secret_blob", blob)).assertOk(200);
		assertThat(this.api.get(path("/versions/latest"), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_string")
			.asString()).isEqualTo("two");
	}

	@Test
	void thePurgeDeletesTheDueSecretsOnceEachAuditedUnderAnIdOfItsOwn() {
		schedule(Map.of("recovery_window_in_days", 7));
		this.clock.advance(Duration.ofDays(7).minusSeconds(1));
		this.purge.purgeDue();
		assertThat(rows()).as("not due yet").isOne();
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(this.purge.purgeDue()).isPositive();

		assertThat(rows()).isZero();
		assertThat(this.jdbc.sql("""
				select count(*) from secret_version v
				where not exists (select 1 from secret s where s.id = v.secret_id)""").query(Long.class).single())
			.isZero();
		Map<String, Object> audit = this.jdbc
			.sql("select user_id, service_request_id from audit_event"
					+ " where project_id = ? and secret_name = ? and operation = 'PurgeSecret'")
			.params(PROJECT_A, this.name)
			.query()
			.singleRow();
		assertThat(audit.get("user_id")).isEqualTo("csms-purge");
		assertThat(String.valueOf(audit.get("service_request_id"))).matches("[0-9a-f]{32}");
		assertThat(this.purge.purgeDue()).isZero();
	}

	@Test
	void deleteSecretOfAPendingSecretDeletesItAtOnce() {
		schedule(Map.of("recovery_window_in_days", 30));

		this.api.delete(path(""), TOKEN_A).assertOk(200);

		assertThat(rows()).isZero();
		this.api.get(path(""), TOKEN_A).assertError(404, "CSMS.0106");
	}

	private JsonNode schedule(@Nullable Map<String, Object> body) {
		return this.api.post(path("/scheduled-deleted-tasks/create"), TOKEN_A, (body != null) ? body : "")
			.assertOk(200);
	}

	private ApiClient.Reply download() {
		return this.api.send(HttpMethod.POST, path("/backup"), Map.of("X-Auth-Token", TOKEN_A), null);
	}

	private long future() {
		return this.clock.instant().plus(Duration.ofDays(365)).toEpochMilli();
	}

	private long rows() {
		return this.jdbc.sql("select count(*) from secret where project_id = ? and name = ?")
			.params(PROJECT_A, this.name)
			.query(Long.class)
			.single();
	}

	private long auditCount(String operation) {
		return new SecretFixtures(this.jdbc).auditRows(PROJECT_A, this.name, operation);
	}

	private String path(String tail) {
		return SECRETS + "/" + this.name + tail;
	}

	/**
	 * A marker just before a name in byte order, so that the page starts with it.
	 * @param name the name
	 * @return the name without its last character, which sorts before it
	 */
	private static String before(String name) {
		return name.substring(0, name.length() - 1);
	}

}
