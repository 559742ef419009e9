package io.secretstage.secret;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.ApiTest;
import io.secretstage.SecretFixtures;
import io.secretstage.TestInstances;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the writes stay correct under concurrency: many requests at once against one
 * secret on the real PostgreSQL, or two instances purging at once, then the invariants
 * checked in the database.
 */
@ApiTest
class SecretConcurrencyTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	private static final int THREADS = 16;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JdbcConnectionDetails database;

	@Autowired
	private SecretPurge purge;

	private ApiClient api;

	private String name;

	@BeforeEach
	void createSecret() {
		this.api = new ApiClient(this.client);
		this.name = "concurrent-" + UUID.randomUUID();
		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "v1")).assertOk(200);
	}

	@RepeatedTest(3)
	void concurrentCreateVersionsGetDistinctGaplessIds() throws Exception {
		List<Reply> replies = concurrently(40,
				(i) -> this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "value " + i)));

		Set<Long> numbers = new TreeSet<>();
		for (Reply reply : replies) {
			numbers.add(Long.parseLong(reply.assertOk(200).get("version_metadata").get("id").asString().substring(1)));
		}
		assertThat(numbers).containsExactlyElementsOf(IntStream.rangeClosed(2, 41).mapToObj(Long::valueOf).toList());
		assertThat(versionCount()).isEqualTo(SecretWrites.MAX_VERSIONS);
		assertThat(stageVersion("SYSCURRENT")).isEqualTo("v41");
		assertThat(stageVersion("SYSPREVIOUS")).isEqualTo("v40");
	}

	@RepeatedTest(3)
	void concurrentStageMovesAndDeletesKeepEveryInvariant() throws Exception {
		for (int i = 2; i <= 6; i++) {
			this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "v" + i)).assertOk(200);
		}
		List<Reply> replies = concurrently(120, (i) -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			String version = "v" + random.nextInt(1, 7);
			return switch (random.nextInt(4)) {
				case 0 -> this.api.put(path("/stages/SYSCURRENT"), TOKEN_A, Map.of("version_id", version));
				case 1 -> this.api.delete(path("/stages/custom-" + random.nextInt(14)), TOKEN_A);
				default ->
					this.api.put(path("/stages/custom-" + random.nextInt(14)), TOKEN_A, Map.of("version_id", version));
			};
		});

		assertThat(replies).allSatisfy((reply) -> assertThat(reply.status()).as(reply.body()).isIn(200, 204, 400, 404));
		assertThat(replies).filteredOn((reply) -> reply.status() == 400)
			.allSatisfy((reply) -> reply.assertError(400, "CSMS.0203"));
		assertThat(replies).filteredOn((reply) -> reply.status() == 404)
			.allSatisfy((reply) -> reply.assertError(404, "CSMS.0005"));
		List<Map<String, Object>> stages = this.jdbc
			.sql("select st.name, st.version_id from secret_stage st join secret s on s.id = st.secret_id "
					+ "where s.name = ?")
			.param(this.name)
			.query()
			.listOfRows();
		assertThat(stages).hasSizeLessThanOrEqualTo(StageRules.MAX_STAGES);
		assertThat(stages).extracting((row) -> row.get("name")).doesNotHaveDuplicates().contains("SYSCURRENT");
		// SYSPREVIOUS holds the version that SYSCURRENT held before its last move
		// elsewhere.
		List<String> moves = this.jdbc
			.sql("select from_version_id from audit_event where secret_name = ? and stage_name = 'SYSCURRENT' "
					+ "and from_version_id is not null and from_version_id <> version_id order by id desc limit 1")
			.param(this.name)
			.query(String.class)
			.list();
		assertThat(stageVersion("SYSPREVIOUS")).isEqualTo(moves.get(0));
		assertThat(stageVersion("SYSPREVIOUS")).isNotEqualTo(stageVersion("SYSCURRENT"));
	}

	@RepeatedTest(3)
	void concurrentNewStagesStopAtTenOwnOnes() throws Exception {
		List<Reply> replies = concurrently(30,
				(i) -> this.api.put(path("/stages/stage-" + i), TOKEN_A, Map.of("version_id", "v1")));

		assertThat(replies).filteredOn((reply) -> reply.status() == 200).hasSize(StageRules.MAX_OWN_STAGES);
		assertThat(replies).filteredOn((reply) -> reply.status() != 200)
			.allSatisfy((reply) -> reply.assertError(400, "CSMS.0203"));
		assertThat(this.jdbc
			.sql("select count(*) from secret_stage st join secret s on s.id = st.secret_id where s.name = ?")
			.param(this.name)
			.query(Long.class)
			.single()).isEqualTo(StageRules.MAX_OWN_STAGES + 1);
	}

	@RepeatedTest(5)
	void updateSecretRacingAScheduledDeletionLeavesOneConsistentState() throws Exception {
		List<Reply> replies = concurrently(2,
				(i) -> (i == 0) ? this.api.put(path(""), TOKEN_A, Map.of("description", "changed"))
						: this.api.post(path("/scheduled-deleted-tasks/create"), TOKEN_A, "{}"));

		Reply update = replies.get(0);
		JsonNode secret = this.api.get(path(""), TOKEN_A).assertOk(200).get("secret");
		replies.get(1).assertOk(200);
		assertThat(secret.get("state").asString()).isEqualTo("PENDING_DELETE");
		if (update.status() == 200) {
			// The update came first: the deletion was scheduled for the changed secret.
			assertThat(secret.get("description").asString()).isEqualTo("changed");
			assertThat(auditOperations()).containsExactly("UpdateSecret", "DeleteSecretForSchedule");
		}
		else {
			update.assertError(403, "CSMS.0109");
			assertThat(secret.get("description").asString()).isEmpty();
			assertThat(auditOperations()).containsExactly("DeleteSecretForSchedule");
		}
	}

	@Test
	void twoInstancesPurgingTheSameDueSecretsAtOncePurgeEachOnce() throws Exception {
		String prefix = "due-" + UUID.randomUUID() + "-";
		SecretFixtures fixtures = new SecretFixtures(this.jdbc);
		int count = 2 * SecretPurge.BATCH + 50;
		for (int i = 0; i < count; i++) {
			fixtures.createSecret(PROJECT_A, prefix + i, 2, Map.of("SYSCURRENT", "v2"), Instant.now());
		}
		this.jdbc
			.sql("update secret set state = 'PENDING_DELETE', scheduled_delete_time = now() - interval '1 second'"
					+ " where name like ?")
			.param(prefix + "%")
			.update();
		try (ConfigurableApplicationContext other = TestInstances.start(this.database)) {
			List<SecretPurge> purges = List.of(this.purge, other.getBean(SecretPurge.class));
			CyclicBarrier start = new CyclicBarrier(purges.size());
			List<Future<Integer>> purged = new ArrayList<>();
			try (ExecutorService instances = Executors.newFixedThreadPool(purges.size())) {
				for (SecretPurge purge : purges) {
					purged.add(instances.submit(() -> {
						start.await();
						return purge.purgeDue();
					}));
				}
			}
			for (Future<Integer> future : purged) {
				assertThat(future.get()).isBetween(0, count + 100);
			}
		}

		assertThat(this.jdbc.sql("select count(*) from secret where name like ?")
			.param(prefix + "%")
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc
			.sql("select secret_name, count(*) from audit_event where operation = 'PurgeSecret' and secret_name like ?"
					+ " group by secret_name")
			.param(prefix + "%")
			.query((row, n) -> row.getLong(2))
			.list()).hasSize(count).containsOnly(1L);
	}

	private List<String> auditOperations() {
		return this.jdbc
			.sql("select operation from audit_event where secret_name = ? and operation <> 'CreateSecret' order by id")
			.param(this.name)
			.query(String.class)
			.list();
	}

	private List<Reply> concurrently(int requests, Request request) throws Exception {
		List<Future<Reply>> futures = new ArrayList<>();
		try (ExecutorService callers = Executors.newFixedThreadPool(THREADS)) {
			for (int i = 0; i < requests; i++) {
				int index = i;
				futures.add(callers.submit((Callable<Reply>) () -> request.send(index)));
			}
		}
		List<Reply> replies = new ArrayList<>();
		for (Future<Reply> future : futures) {
			replies.add(future.get());
		}
		return replies;
	}

	private long versionCount() {
		return this.jdbc
			.sql("select count(*) from secret_version v join secret s on s.id = v.secret_id where s.name = ?")
			.param(this.name)
			.query(Long.class)
			.single();
	}

	private String stageVersion(String stage) {
		return this.api.get(path("/stages/" + stage), TOKEN_A).assertOk(200).get("stage").get("version_id").asString();
	}

	private String path(String rest) {
		return SECRETS + "/" + this.name + rest;
	}

	@FunctionalInterface
	private interface Request {

		Reply send(int index);

	}

}
