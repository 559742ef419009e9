package io.secretstage.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the writes stay correct under concurrency: many requests at once against one
 * secret on the real PostgreSQL, then the invariants checked in the database.
 */
@ApiTest
class SecretConcurrencyTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	private static final int THREADS = 16;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

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
