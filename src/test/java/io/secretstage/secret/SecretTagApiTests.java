package io.secretstage.secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.secretstage.ApiClient;
import io.secretstage.ApiTest;
import io.secretstage.SecretFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the tag operations and ListResourceInstances over real HTTP, on the real
 * database: keys in several scripts, percent-decoded on delete, the 20-key limit (also
 * under concurrent writes), the batch's all-or-nothing create and forgiving delete, the
 * errors in the contract's order, the audit rows, and the search by tags and names with
 * its paging. Other tests keep secrets in the same project: each test tags its secrets
 * with a key of its own and searches by it.
 */
@ApiTest
class SecretTagApiTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	private static final String CSMS = "/v1/" + PROJECT_A + "/csms";

	private static final String SEARCH = CSMS + "/resource_instances/action";

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	private ApiClient api;

	private SecretFixtures fixtures;

	private String prefix;

	@BeforeEach
	void clientAndPrefix() {
		this.api = new ApiClient(this.client);
		this.fixtures = new SecretFixtures(this.jdbc);
		this.prefix = "tags-" + UUID.randomUUID();
	}

	@Test
	void createReplaceListAndDeleteKeysOfSeveralScriptsThenByteOrderAndAuditRows() {
		Target secret = create(this.prefix);
		for (String[] tag : List.of(new String[] { "环境", "生产" }, new String[] { "Ключ", "значение" },
				new String[] { "env", "prod" }, new String[] { "a b:c=d+e-f@g_h.i", "x/y z" },
				new String[] { "ENV", "" })) {
			this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", tag[0], "value", tag[1]))).assertOk(204);
		}
		this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", "env", "value", "staging"))).assertOk(204);
		this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", "no-value"))).assertOk(204);

		assertThat(this.api.get(secret.tags(), READ_ONLY_TOKEN_A).assertOk(200).toString()).isEqualTo(
				"{\"tags\":[{\"key\":\"ENV\",\"value\":\"\"},{\"key\":\"a b:c=d+e-f@g_h.i\",\"value\":\"x/y z\"},"
						+ "{\"key\":\"env\",\"value\":\"staging\"},{\"key\":\"no-value\",\"value\":\"\"},"
						+ "{\"key\":\"Ключ\",\"value\":\"значение\"},{\"key\":\"环境\",\"value\":\"生产\"}],\"sys_tags\":[]}");

		this.api.delete(secret.tags() + "/" + encoded("环境"), TOKEN_A).assertOk(204);
		this.api.delete(secret.tags() + "/" + encoded("a b:c=d+e-f@g_h.i"), TOKEN_A).assertOk(204);
		this.api.delete(secret.tags() + "/%D0%9A%D0%BB%D1%8E%D1%87", TOKEN_A).assertOk(204);

		assertThat(keys(secret)).containsExactly("ENV", "env", "no-value");
		assertThat(this.fixtures.auditRows(PROJECT_A, this.prefix, "CreateSecretTag")).isEqualTo(7);
		assertThat(this.fixtures.auditRows(PROJECT_A, this.prefix, "DeleteSecretTag")).isEqualTo(3);
	}

	@Test
	void createTheSameValueAgainThenNothingChangesAndNoAuditRow() {
		Target secret = create(this.prefix);
		this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", "env", "value", "prod"))).assertOk(204);
		this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", "env", "value", "prod"))).assertOk(204);

		assertThat(this.fixtures.auditRows(PROJECT_A, this.prefix, "CreateSecretTag")).isEqualTo(1);
	}

	@Test
	void unknownSecretIdOrAnotherProjectsThen404CSMS0106ForEveryOperation() {
		Target theirs = new Target(this.api
			.post("/v1/" + PROJECT_B + "/secrets", TOKEN_B, Map.of("name", this.prefix, "secret_string", "b"))
			.assertOk(200)
			.get("secret")
			.get("id")
			.asString());
		this.api
			.post("/v1/" + PROJECT_B + "/csms/" + theirs.id() + "/tags", TOKEN_B, Map.of("tag", Map.of("key", "env")))
			.assertOk(204);

		for (String id : List.of(theirs.id(), UUID.randomUUID().toString(), "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz")) {
			Target unknown = new Target(id);
			this.api.get(unknown.tags(), TOKEN_A).assertError(404, "CSMS.0106");
			this.api.post(unknown.tags(), TOKEN_A, Map.of("tag", Map.of("key", "env"))).assertError(404, "CSMS.0106");
			this.api.delete(unknown.tags() + "/env", TOKEN_A).assertError(404, "CSMS.0106");
			this.api.post(unknown.tags() + "/action", TOKEN_A, batch("delete", "env")).assertError(404, "CSMS.0106");
		}
		assertThat(
				this.api.get("/v1/" + PROJECT_B + "/csms/" + theirs.id() + "/tags", TOKEN_B).assertOk(200).get("tags"))
			.hasSize(1);
	}

	@Test
	void deleteAKeyTheSecretLacksThen404CSMS0005() {
		Target secret = create(this.prefix);
		this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", "env"))).assertOk(204);

		this.api.delete(secret.tags() + "/Env", TOKEN_A).assertError(404, "CSMS.0005");
		this.api.delete(secret.tags() + "/" + encoded("env "), TOKEN_A).assertError(400, "CSMS.0002");
		assertThat(keys(secret)).containsExactly("env");
	}

	@Test
	void twentyFirstKeyThen400CSMS0904AndABatchPastTheLimitWritesNothing() {
		Target secret = create(this.prefix);
		List<Map<String, String>> nineteen = new ArrayList<>();
		for (int i = 0; i < 19; i++) {
			nineteen.add(Map.of("key", "k" + i, "value", "v"));
		}
		this.api.post(secret.tags() + "/action", TOKEN_A, Map.of("action", "create", "tags", nineteen)).assertOk(204);

		// A replaced value and one new key make 20; two new keys would make 21.
		this.api
			.post(secret.tags() + "/action", TOKEN_A,
					Map.of("action", "create", "tags", List.of(Map.of("key", "k0", "value", "changed"),
							Map.of("key", "n1", "value", "x"), Map.of("key", "n2", "value", "y"))))
			.assertError(400, "CSMS.0904");
		this.api
			.post(secret.tags() + "/action", TOKEN_A,
					Map.of("action", "create", "tags",
							List.of(Map.of("key", "k0", "value", "changed"), Map.of("key", "n1", "value", "x"))))
			.assertOk(204);
		this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", "n2"))).assertError(400, "CSMS.0904");
		this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", "k1", "value", "replaced"))).assertOk(204);

		JsonNode tags = this.api.get(secret.tags(), TOKEN_A).assertOk(200).get("tags");
		assertThat(tags).hasSize(20);
		assertThat(tags.get(0).toString()).isEqualTo("{\"key\":\"k0\",\"value\":\"changed\"}");
		assertThat(tags.get(1).toString()).isEqualTo("{\"key\":\"k1\",\"value\":\"replaced\"}");
		assertThat(this.fixtures.auditRows(PROJECT_A, this.prefix, "BatchCreateOrDeleteTags")).isEqualTo(2);
	}

	@Test
	void concurrentCreatesOfFortyKeysThenExactlyTwentyKept() throws Exception {
		Target secret = create(this.prefix);
		int writers = 40;
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Integer>> writes = new ArrayList<>();
		for (int i = 0; i < writers; i++) {
			String key = "concurrent-" + i;
			writes.add(() -> {
				start.await();
				return this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", key))).status();
			});
		}
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
			List<Future<Integer>> answers = writes.stream().map(threads::submit).toList();
			start.countDown();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
		}

		assertThat(statuses).filteredOn((status) -> status == 204).hasSize(20);
		assertThat(statuses).filteredOn((status) -> status == 400).hasSize(20);
		assertThat(keys(secret)).hasSize(20);
		assertThat(
				this.jdbc.sql("select count(*) from secret_tag t join secret s on s.id = t.secret_id where s.name = ?")
					.param(this.prefix)
					.query(Long.class)
					.single())
			.isEqualTo(20);
	}

	@Test
	void batchDeleteRemovesMatchingValuesAndSkipsTheRest() {
		Target secret = create(this.prefix);
		this.api.post(secret.tags() + "/action", TOKEN_A, Map.of("action", "create", "tags", List
			.of(Map.of("key", "a", "value", "1"), Map.of("key", "b", "value", "2"), Map.of("key", "c", "value", "3"))))
			.assertOk(204);

		this.api.post(secret.tags() + "/action", TOKEN_A,
				Map.of("action", "delete", "tags",
						List.of(Map.of("key", "a", "value", "1"), Map.of("key", "b", "value", "other"),
								Map.of("key", "c"), Map.of("key", "missing", "value", "x"))))
			.assertOk(204);
		this.api.post(secret.tags() + "/action", TOKEN_A, batch("delete", "missing")).assertOk(204);

		assertThat(keys(secret)).containsExactly("b");
		assertThat(this.fixtures.auditRows(PROJECT_A, this.prefix, "BatchCreateOrDeleteTags")).isEqualTo(2);
	}

	@Test
	void pendingDeletionThenWritesRefused403AfterTheLookupsAndReadsAnswered() {
		Target secret = create(this.prefix);
		this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", "env", "value", "prod"))).assertOk(204);
		this.api
			.post(SECRETS + "/" + this.prefix + "/scheduled-deleted-tasks/create", TOKEN_A,
					Map.of("recovery_window_in_days", 7))
			.assertOk(200);

		this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", "other"))).assertError(403, "CSMS.0109");
		this.api.post(secret.tags() + "/action", TOKEN_A, batch("create", "other")).assertError(403, "CSMS.0109");
		this.api.post(secret.tags() + "/action", TOKEN_A, batch("delete", "env")).assertError(403, "CSMS.0109");
		this.api.delete(secret.tags() + "/env", TOKEN_A).assertError(403, "CSMS.0109");
		this.api.delete(secret.tags() + "/missing", TOKEN_A).assertError(404, "CSMS.0005");
		this.api.post(secret.tags(), TOKEN_A, Map.of("tag", Map.of("key", " bad"))).assertError(400, "CSMS.0002");

		assertThat(keys(secret)).containsExactly("env");
		JsonNode found = search(Map.of("action", "filter", "tags", List.of(tagFilter("env", "prod")), "matches",
				List.of(Map.of("key", "resource_name", "value", this.prefix))));
		assertThat(found.get("resources").get(0).at("/resource_detail/state").asString()).isEqualTo("PENDING_DELETE");
	}

	@Test
	void searchByTagsAndNamesThenAndAcrossKeysOrAcrossValuesAnyValueWhenNone() {
		String marker = this.prefix + "-marker";
		tagged(this.prefix + "-prod-a", Map.of(marker, "", "env", "prod", "team", "a"));
		tagged(this.prefix + "-PROD-b", Map.of(marker, "", "env", "prod", "team", "b"));
		Target devA = tagged(this.prefix + "-dev-a", Map.of(marker, "", "env", "dev", "team", "a"));
		tagged(this.prefix + "-none", Map.of(marker, ""));

		assertThat(names(Map.of("action", "filter", "tags", List.of(tagFilter(marker), tagFilter("env", "prod")))))
			.containsExactly(this.prefix + "-PROD-b", this.prefix + "-prod-a");
		assertThat(names(Map.of("action", "filter", "tags",
				List.of(tagFilter(marker), tagFilter("env", "prod", "dev"), tagFilter("team", "a")))))
			.containsExactly(this.prefix + "-dev-a", this.prefix + "-prod-a");
		assertThat(names(Map.of("action", "filter", "tags", List.of(tagFilter(marker), tagFilter("team")))))
			.containsExactly(this.prefix + "-PROD-b", this.prefix + "-dev-a", this.prefix + "-prod-a");
		assertThat(names(Map.of("action", "filter", "tags", List.of(tagFilter(marker)), "matches",
				List.of(Map.of("key", "resource_name", "value", "prOD")))))
			.containsExactly(this.prefix + "-PROD-b", this.prefix + "-prod-a");
		assertThat(
				names(Map.of("action", "filter", "tags", List.of(tagFilter(marker)), "matches",
						List.of(Map.of("key", "resource_name", "value", "V-A"),
								Map.of("key", "resource_name", "value", "DEV")))))
			.containsExactly(this.prefix + "-dev-a");
		assertThat(search(Map.of("action", "count", "tags", List.of(tagFilter(marker)), "matches",
				List.of(Map.of("key", "resource_name", "value", ""))))
			.toString()).isEqualTo("{\"total_count\":0}");
		assertThat(search(Map.of("action", "count", "tags", List.of(tagFilter(marker), tagFilter("env", "qa"))))
			.toString()).isEqualTo("{\"total_count\":0}");
		assertThat(search(Map.of("action", "count", "tags", List.of(tagFilter(marker)))).toString())
			.isEqualTo("{\"total_count\":4}");

		JsonNode page = search(Map.of("action", "filter", "tags", List.of(tagFilter(marker), tagFilter("env", "dev"))));
		JsonNode shown = this.api.get(SECRETS + "/" + this.prefix + "-dev-a", TOKEN_A).assertOk(200).get("secret");
		assertThat(page.toString()).isEqualTo("{\"resources\":[{\"resource_id\":\"" + devA.id()
				+ "\",\"resource_name\":\"" + this.prefix + "-dev-a\",\"resource_detail\":" + shown
				+ ",\"tags\":[{\"key\":\"env\",\"value\":\"dev\"},{\"key\":\"" + marker + "\",\"value\":\"\"},"
				+ "{\"key\":\"team\",\"value\":\"a\"}],\"sys_tags\":[]}],\"total_count\":1}");
	}

	@Test
	void searchPagesWithLimitAndOffsetAsStringsOrNumbers() {
		String marker = this.prefix + "-marker";
		for (int i = 0; i < 5; i++) {
			tagged(this.prefix + "-" + i, Map.of(marker, ""));
		}

		assertThat(page(marker, "2", "0")).containsExactly(this.prefix + "-0", this.prefix + "-1");
		assertThat(page(marker, 2, 2)).containsExactly(this.prefix + "-2", this.prefix + "-3");
		assertThat(page(marker, "2", 4)).containsExactly(this.prefix + "-4");
		assertThat(page(marker, 2, 5)).isEmpty();
		JsonNode past = search(
				Map.of("action", "filter", "limit", 2, "offset", 9000, "tags", List.of(tagFilter(marker))));
		assertThat(past.toString()).isEqualTo("{\"resources\":[],\"total_count\":5}");
		assertThat(search(Map.of("action", "filter", "tags", List.of(tagFilter(marker)))).get("resources")).hasSize(5);
	}

	@Test
	void searchWithoutTagsOrMatchesThenEverySecretOfTheProjectAndNoneOfAnother() {
		create(this.prefix);
		int total = search(Map.of("action", "count")).get("total_count").asInt();

		assertThat(total).isEqualTo(this.jdbc.sql("""
				select count(*) from secret where project_id = ?
				  and (scheduled_delete_time is null or scheduled_delete_time > now())""")
			.param(PROJECT_A)
			.query(Integer.class)
			.single());
		assertThat(this.api.post(SEARCH, READ_ONLY_TOKEN_A, Map.of("action", "count")).assertOk(200)).isNotNull();
		this.api.post(SEARCH, TOKEN_B, Map.of("action", "count")).assertError(403, "CSMS.0302");
		this.api.post(CSMS + "/resource-instances/action", TOKEN_A, Map.of("action", "count"))
			.assertError(404, "APIGW.0101");
	}

	@Test
	void fieldsOfAnotherJsonTypeThen400CSMS0004() {
		Target secret = create(this.prefix);

		this.api.post(secret.tags(), TOKEN_A, "{\"tag\":{\"key\":\"k\",\"value\":1}}").assertError(400, "CSMS.0004");
		this.api.post(secret.tags() + "/action", TOKEN_A, "{\"action\":\"create\",\"tags\":{\"key\":\"k\"}}")
			.assertError(400, "CSMS.0004");
		this.api.post(SEARCH, TOKEN_A, "{\"action\":1}").assertError(400, "CSMS.0004");
		this.api.post(SEARCH, TOKEN_A, "{\"action\":\"filter\",\"limit\":10.0}").assertError(400, "CSMS.0004");
		this.api.post(SEARCH, TOKEN_A, "{\"action\":\"filter\",\"offset\":false}").assertError(400, "CSMS.0004");
		this.api.post(SEARCH, TOKEN_A, "{\"action\":\"count\",\"tags\":[{\"key\":\"k\",\"values\":[1]}]}")
			.assertError(400, "CSMS.0004");
		assertThat(keys(secret)).isEmpty();
	}

	@Test
	void listProjectSecretsTagsThenEveryKeyWithItsDistinctValuesInByteOrder() {
		String key = this.prefix + "-k";
		tagged(this.prefix + "-1", Map.of(key + "-b", "x", key + "-a", "2"));
		tagged(this.prefix + "-2", Map.of(key + "-a", "1"));
		tagged(this.prefix + "-3", Map.of(key + "-a", "2", key + "-Я", ""));

		List<String> listed = new ArrayList<>();
		this.api.get(CSMS + "/tags", READ_ONLY_TOKEN_A).assertOk(200).get("tags").forEach((entry) -> {
			if (entry.get("key").asString().startsWith(key)) {
				listed.add(entry.toString());
			}
		});

		assertThat(listed).containsExactly("{\"key\":\"" + key + "-a\",\"values\":[\"1\",\"2\"]}",
				"{\"key\":\"" + key + "-b\",\"values\":[\"x\"]}", "{\"key\":\"" + key + "-Я\",\"values\":[\"\"]}");
		assertThat(this.api.get("/v1/" + PROJECT_B + "/csms/tags", TOKEN_B).assertOk(200).toString())
			.doesNotContain(key);
	}

	private Target create(String name) {
		return new Target(this.api.post(SECRETS, TOKEN_A, Map.of("name", name, "secret_string", "value"))
			.assertOk(200)
			.get("secret")
			.get("id")
			.asString());
	}

	private Target tagged(String name, Map<String, String> tags) {
		Target secret = create(name);
		List<Map<String, String>> entries = new ArrayList<>();
		tags.forEach((key, value) -> entries.add(Map.of("key", key, "value", value)));
		this.api.post(secret.tags() + "/action", TOKEN_A, Map.of("action", "create", "tags", entries)).assertOk(204);
		return secret;
	}

	private List<String> keys(Target secret) {
		List<String> keys = new ArrayList<>();
		this.api.get(secret.tags(), TOKEN_A)
			.assertOk(200)
			.get("tags")
			.forEach((tag) -> keys.add(tag.get("key").asString()));
		return keys;
	}

	private JsonNode search(Map<String, Object> body) {
		return this.api.post(SEARCH, TOKEN_A, body).assertOk(200);
	}

	private List<String> names(Map<String, Object> body) {
		List<String> names = new ArrayList<>();
		search(body).get("resources").forEach((resource) -> names.add(resource.get("resource_name").asString()));
		return names;
	}

	private List<String> page(String marker, Object limit, Object offset) {
		return names(Map.of("action", "filter", "limit", limit, "offset", offset, "tags", List.of(tagFilter(marker))));
	}

	private static Map<String, Object> tagFilter(String key, String... values) {
		return Map.of("key", key, "values", List.of(values));
	}

	private static Map<String, Object> batch(String action, String key) {
		return Map.of("action", action, "tags", List.of(Map.of("key", key)));
	}

	private static String encoded(String key) {
		return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * A secret of project A, by its id.
	 *
	 * @param id the secret's id
	 */
	private record Target(String id) {

		String tags() {
			return CSMS + "/" + this.id + "/tags";
		}

	}

}
