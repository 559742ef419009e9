package io.secretstage.secret;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.ApiTest;
import io.secretstage.SecretFixtures;
import io.secretstage.TestInstances;
import io.secretstage.TestLogs;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for DownloadSecretBlob and UploadSecretBlob over real HTTP: a secret restored
 * whole after DeleteSecret, every blob that does not open refused alike with nothing
 * written, the name's conflicts, the largest secret, a master key rotated in between, and
 * no blob or value in the logs.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class SecretBlobApiTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	private static final String RESTORE = SECRETS + "/restore";

	private static final String INVALID = "The secret backup is invalid.";

	private static @Nullable ConfigurableApplicationContext rotated;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JdbcConnectionDetails database;

	@Autowired
	private LoggingSystem logging;

	private ApiClient api;

	private String name;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.client);
		this.name = "blob-" + UUID.randomUUID();
	}

	@AfterAll
	static void stopTheRotatedInstance() {
		if (rotated != null) {
			rotated.close();
			rotated = null;
		}
	}

	@Test
	void downloadThenDeleteThenUploadThenEveryVersionStageTagAndValueByteForByte() {
		byte[] binary = new byte[256];
		new SecureRandom().nextBytes(binary);
		JsonNode created = this.api
			.post(SECRETS, TOKEN_A,
					Map.of("name", this.name, "secret_string", "first \u00e9\u6f22\ud83d\udd11 value", "description",
							"the database's \u00fc password", "enterprise_project_id", "ep-accounting"))
			.assertOk(200)
			.get("secret");
		this.api.put(path("/stages/pinned"), TOKEN_A, Map.of("version_id", "v1")).assertOk(200);
		this.api
			.post("/v1/" + PROJECT_A + "/csms/" + created.get("id").asString() + "/tags/action", TOKEN_A,
					Map.of("action", "create", "tags", List.of(Map.of("key", "env", "value", "prod"),
							Map.of("key", "环境", "value", ""), Map.of("key", "владелец", "value", "team a"))))
			.assertOk(204);
		this.api
			.post(path("/versions"), TOKEN_A, Map.of("secret_binary", Base64.getEncoder().encodeToString(binary),
					"expire_time", 4102444800000L, "version_stages", List.of("kept")))
			.assertOk(200);
		// 21 versions in all: v3, the oldest that no stage points at, is dropped, so the
		// ids have a gap.
		for (int n = 3; n <= 21; n++) {
			this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "value " + n)).assertOk(200);
		}
		this.api.put(path("/stages/canary"), TOKEN_A, Map.of("version_id", "v20")).assertOk(200);
		// An hour back, so that a time set again by the restore would show.
		backdate();
		Map<String, JsonNode> before = everything();
		List<String> sealedBefore = sealedValues();
		assertThat(before)
			.containsKeys("version v1", "version v2", "version v4", "version v21", "stage SYSCURRENT",
					"stage SYSPREVIOUS", "stage pinned", "stage kept", "stage canary", "tags")
			.doesNotContainKey("version v3");

		Reply download = this.api.send(HttpMethod.POST, path("/backup"), Map.of("X-Auth-Token", TOKEN_A), null);
		String blob = download.assertOk(200).get("secret_blob").asString();
		assertThat(download.headerValues("Cache-Control")).containsExactly("no-store");
		assertThat(blob).startsWith("CSMSBK1.").matches("[A-Za-z0-9._-]+");
		this.api.delete(path(""), TOKEN_A).assertOk(200);
		this.api.get(path(""), TOKEN_A).assertError(404, "CSMS.0106");
		Instant restoredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		JsonNode restored = this.api.post(RESTORE, TOKEN_A, Map.of("secret_blob", blob)).assertOk(200).get("secret");

		assertThat(restored.get("id")).isEqualTo(created.get("id"));
		assertThat(restored.get("name").asString()).isEqualTo(this.name);
		assertThat(restored.get("state").asString()).isEqualTo("ENABLED");
		assertThat(restored.get("create_time").asLong()).isEqualTo(before.get("secret").get("create_time").asLong())
			.isLessThan(restoredAt.toEpochMilli() - 3_000_000);
		assertThat(restored.get("update_time").asLong()).isBetween(restoredAt.toEpochMilli(),
				Instant.now().toEpochMilli());
		assertThat(restored.get("description").asString()).isEqualTo("the database's \u00fc password");
		assertThat(restored.get("enterprise_project_id").asString()).isEqualTo("ep-accounting");
		assertThat(restored.get("scheduled_delete_time").isNull()).isTrue();
		Map<String, JsonNode> after = everything();
		assertThat(after.keySet()).isEqualTo(before.keySet());
		after.forEach((what, value) -> {
			if (!what.equals("secret")) {
				assertThat(value).as(what).isEqualTo(before.get(what));
			}
		});
		assertThat(after.get("tags").get("tags")).hasSize(3);
		assertThat(after.get("version v2").get("secret_binary").asString())
			.isEqualTo(Base64.getEncoder().encodeToString(binary));
		assertThat(after.get("version v2").at("/version_metadata/expire_time").asLong()).isEqualTo(4102444800000L);
		assertThat(sealedValues()).as("sealed again").doesNotContainAnyElementsOf(sealedBefore);
		assertThat(this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "after"))
			.assertOk(200)
			.get("version_metadata")
			.get("id")
			.asString()).isEqualTo("v22");
		SecretFixtures fixtures = new SecretFixtures(this.jdbc);
		assertThat(fixtures.auditRows(PROJECT_A, this.name, "DownloadSecretBlob")).isOne();
		// A row per version and per stage, as for every other write that makes them.
		assertThat(fixtures.auditRows(PROJECT_A, this.name, "UploadSecretBlob")).isEqualTo(20 + 5);
	}

	@Test
	void downloadOfASecretWithTheDefaultsThenRestoredWithThem() {
		JsonNode created = this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "x"))
			.assertOk(200)
			.get("secret");
		String blob = download(TOKEN_A);
		this.api.delete(path(""), TOKEN_A).assertOk(200);

		JsonNode restored = upload(TOKEN_A, blob).assertOk(200).get("secret");

		assertThat(restored.get("description").asString()).isEmpty();
		assertThat(restored.get("enterprise_project_id").asString()).isEqualTo("0");
		assertThat(restored.get("kms_key_id")).isEqualTo(created.get("kms_key_id"));
		assertThat(restored.get("event_subscriptions")).isEmpty();
		assertThat(value("latest")).isEqualTo("x");
	}

	@Test
	void uploadOfABlobThatDoesNotOpenThen400CSMS0905AndNothingWritten() {
		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "x")).assertOk(200);
		String blob = download(TOKEN_A);
		this.api.delete(path(""), TOKEN_A).assertOk(200);
		String[] parts = blob.split("\\.");
		String header = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String otherKid = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(header.replace("\"test-key-1\"", "\"no-such-key\"").getBytes(StandardCharsets.UTF_8));
		List<String> refused = new ArrayList<>(List.of(changed(blob, 0), changed(blob, 8),
				changed(blob, blob.indexOf('.', 8)), changed(blob, blob.length() / 2), changed(blob, blob.length() - 1),
				blob.substring(0, blob.length() - 1), blob.substring(0, blob.lastIndexOf('.')), blob + "A",
				"CSMSBK2." + blob.substring(8), blob.substring(8),
				String.join(".", parts[0], otherKid, parts[2], parts[3]), "", "not a blob", "CSMSBK1...",
				")CloudSecretManagementBackupV1.com" + blob.substring(8)));

		for (String text : refused) {
			upload(TOKEN_A, text).assertError(400, "CSMS.0905", INVALID);
		}
		// The same blob in another project.
		this.api.post("/v1/" + PROJECT_B + "/secrets/restore", TOKEN_B, Map.of("secret_blob", blob))
			.assertError(400, "CSMS.0905", INVALID);

		assertThat(
				this.jdbc.sql("select count(*) from secret where name = ?").param(this.name).query(Long.class).single())
			.isZero();
		assertThat(new SecretFixtures(this.jdbc).auditRows(PROJECT_A, this.name, "UploadSecretBlob")).isZero();
		upload(TOKEN_A, blob).assertOk(200);
	}

	@Test
	void uploadOverALiveSecretThen409AndOverOnePendingDeletionThen400CSMS0107AndNothingChanged() {
		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "one")).assertOk(200);
		String blob = download(TOKEN_A);
		this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", "two")).assertOk(200);

		upload(TOKEN_A, blob).assertError(409, "CSMS.0409");
		this.api.post(path("/scheduled-deleted-tasks/create"), TOKEN_A, Map.of("recovery_window_in_days", 7))
			.assertOk(200);
		upload(TOKEN_A, blob).assertError(400, "CSMS.0107");

		assertThat(this.api.get(path("/versions"), TOKEN_A).assertOk(200).get("version_metadatas")).hasSize(2);
		assertThat(this.api.get(path(""), TOKEN_A).assertOk(200).get("secret").get("state").asString())
			.isEqualTo("PENDING_DELETE");
		assertThat(new SecretFixtures(this.jdbc).auditRows(PROJECT_A, this.name, "UploadSecretBlob")).isZero();
	}

	@Test
	void uploadOfOneBlobTwiceAtOnceThenOneRestoredAndOne409() throws Exception {
		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "one")).assertOk(200);
		String blob = download(TOKEN_A);
		this.api.delete(path(""), TOKEN_A).assertOk(200);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> uploads = new ArrayList<>();

		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 2; i++) {
				uploads.add(threads.submit(() -> {
					start.await();
					return upload(TOKEN_A, blob).status();
				}));
			}
			start.countDown();
		}

		assertThat(List.of(uploads.get(0).get(), uploads.get(1).get())).containsExactlyInAnyOrder(200, 409);
		assertThat(value("latest")).isEqualTo("one");
	}

	@Test
	void downloadNeedsOnlyTheReadRoleAndUploadTheWriteRole() {
		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "x")).assertOk(200);

		String blob = download(READ_ONLY_TOKEN_A);
		this.api.delete(path(""), TOKEN_A).assertOk(200);

		upload(READ_ONLY_TOKEN_A, blob).assertError(403, "CSMS.0302");
		this.api.send(HttpMethod.POST, path("/backup"), Map.of("X-Auth-Token", TOKEN_B), null)
			.assertError(403, "CSMS.0302");
		this.api.post(RESTORE, TOKEN_B, Map.of("secret_blob", blob)).assertError(403, "CSMS.0302");
		this.api.send(HttpMethod.POST, path("/backup"), Map.of("X-Auth-Token", TOKEN_A), null)
			.assertError(404, "CSMS.0106");
		assertThat(new SecretFixtures(this.jdbc).auditRows(PROJECT_A, this.name, "DownloadSecretBlob")).isOne();
	}

	@Test
	void uploadWithoutABlobOrOfTheWrongTypeOrTooLongThen400() {
		this.api.post(RESTORE, TOKEN_A, "{}")
			.assertError(400, "CSMS.0002", "The value of parameter secret_blob is invalid.");
		this.api.post(RESTORE, TOKEN_A, "{\"secret_blob\":null}").assertError(400, "CSMS.0002");
		this.api.post(RESTORE, TOKEN_A, "{\"secret_blob\":5}").assertError(400, "CSMS.0004");
		this.api.post(RESTORE, TOKEN_A, "{\"secret_blob\":").assertError(400, "CSMS.0004");
		this.api.post(RESTORE, TOKEN_A, Map.of("secret_blob", "A".repeat(UploadSecretBlobRequest.MAX_LENGTH + 1)))
			.assertError(400, "CSMS.0002", "The value of parameter secret_blob is invalid.");
		this.api.post(RESTORE, TOKEN_A, Map.of("secret_blob", "A".repeat(UploadSecretBlobRequest.MAX_LENGTH)))
			.assertError(400, "CSMS.0905", INVALID);
		// Over 6 MiB, the limit of this route as of BatchImportSecrets.
		this.api.post(RESTORE, TOKEN_A, Map.of("secret_blob", "A".repeat(6 * 1024 * 1024)))
			.assertError(413, "CSMS.0003");
	}

	@Test
	void theLargestSecretMakesABlobWithinTheContractsLengthAndRestoresWhole() {
		// 32,768 characters of 4 UTF-8 bytes each, in 20 versions, the most a secret
		// holds.
		String largest = "\ud83d\udd11".repeat(32_768);
		this.api
			.post(SECRETS, TOKEN_A,
					Map.of("name", this.name, "secret_string", largest, "description", "\u0001".repeat(2048)))
			.assertOk(200);
		for (int n = 2; n <= 20; n++) {
			this.api.post(path("/versions"), TOKEN_A, Map.of("secret_string", largest)).assertOk(200);
		}

		String blob = download(TOKEN_A);
		this.api.delete(path(""), TOKEN_A).assertOk(200);

		assertThat(blob.length()).isBetween(4_000_000, UploadSecretBlobRequest.MAX_LENGTH);
		upload(TOKEN_A, blob).assertOk(200);
		assertThat(this.api.get(path("/versions?limit=100"), TOKEN_A).assertOk(200).get("version_metadatas"))
			.hasSize(20);
		assertThat(value("v1")).isEqualTo(largest);
		assertThat(value("v20")).isEqualTo(largest);
	}

	@Test
	void aBlobMadeBeforeAMasterKeyRotationRestoresWhileTheOldKeyIsHeldAndOneOfTheNewKeyNotWhereItIsNot() {
		this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "sealed before")).assertOk(200);
		String before = download(TOKEN_A);
		this.api.delete(path(""), TOKEN_A).assertOk(200);
		ApiClient afterRotation = new ApiClient(TestInstances.port(rotated()));

		JsonNode restored = afterRotation.post(RESTORE, TOKEN_A, Map.of("secret_blob", before))
			.assertOk(200)
			.get("secret");

		assertThat(restored.get("kms_key_id").asString()).isEqualTo("test-key-3");
		assertThat(afterRotation.get(path("/versions/latest"), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_string")
			.asString()).isEqualTo("sealed before");
		assertThat(this.jdbc.sql("""
				select v.kms_key_id from secret_version v join secret s on s.id = v.secret_id
				where s.project_id = ? and s.name = ?""").params(PROJECT_A, this.name).query(String.class).list())
			.containsExactly("test-key-3");
		// A blob under the new key, which this deployment does not hold: another
		// deployment's.
		String after = afterRotation.send(HttpMethod.POST, path("/backup"), Map.of("X-Auth-Token", TOKEN_A), null)
			.assertOk(200)
			.get("secret_blob")
			.asString();
		afterRotation.delete(path(""), TOKEN_A).assertOk(200);
		upload(TOKEN_A, after).assertError(400, "CSMS.0905", INVALID);
		this.api.get(path(""), TOKEN_A).assertError(404, "CSMS.0106");
	}

	@Test
	void blobsAndValuesNeverReachTheLogs(CapturedOutput output) {
		this.logging.setLogLevel("io.secretstage.access", LogLevel.INFO);
		try {
			this.api.post(SECRETS, TOKEN_A, Map.of("name", this.name, "secret_string", "log-canary-value"))
				.assertOk(200);
			String blob = download(TOKEN_A);
			upload(TOKEN_A, blob).assertError(409, "CSMS.0409");
			this.api.delete(path(""), TOKEN_A).assertOk(200);
			upload(TOKEN_A, changed(blob, blob.length() - 1)).assertError(400, "CSMS.0905");
			this.api.post(RESTORE, TOKEN_A, "{\"secret_blob\":\"" + blob).assertError(400, "CSMS.0004");
			this.api.post(RESTORE, TOKEN_A, "{\"secret_blob\":[\"" + blob + "\"]}").assertError(400, "CSMS.0004");
			this.api.post(RESTORE, TOKEN_A, "{\"secret_blob\":\"" + blob + "\",\"secret_blob\":\"x\"}")
				.assertError(400, "CSMS.0004");
			upload(TOKEN_A, blob + "A".repeat(UploadSecretBlobRequest.MAX_LENGTH)).assertError(400, "CSMS.0002");
			upload(TOKEN_A, blob).assertOk(200);

			String logs = TestLogs.flushed(output);
			assertThat(logs).as("the access log").contains("POST " + RESTORE + " 200");
			assertThat(logs).doesNotContain("log-canary-value");
			// The end of each part: the header's holds the wrapped data key, the others
			// are
			// random.
			for (String part : blob.substring("CSMSBK1.".length()).split("\\.")) {
				assertThat(logs).doesNotContain(part.substring(Math.max(0, part.length() - 24)));
			}
		}
		finally {
			this.logging.setLogLevel("io.secretstage.access", LogLevel.WARN);
		}
	}

	/**
	 * Every answer that shows the secret: its metadata, each version with its value, each
	 * stage.
	 * @return the answers by what they show
	 */
	private Map<String, JsonNode> everything() {
		Map<String, JsonNode> all = new LinkedHashMap<>();
		JsonNode secret = this.api.get(path(""), TOKEN_A).assertOk(200).get("secret");
		all.put("secret", secret);
		all.put("tags", this.api.get("/v1/" + PROJECT_A + "/csms/" + secret.get("id").asString() + "/tags", TOKEN_A)
			.assertOk(200));
		JsonNode versions = this.api.get(path("/versions?limit=100"), TOKEN_A).assertOk(200);
		all.put("versions", versions);
		for (JsonNode version : versions.get("version_metadatas")) {
			String id = version.get("id").asString();
			all.put("version " + id, this.api.get(path("/versions/" + id), TOKEN_A).assertOk(200).get("version"));
			for (JsonNode stage : version.get("version_stages")) {
				all.put("stage " + stage.asString(),
						this.api.get(path("/stages/" + stage.asString()), TOKEN_A).assertOk(200).get("stage"));
			}
		}
		return all;
	}

	private List<String> sealedValues() {
		return this.jdbc.sql("""
				select encode(v.ciphertext, 'hex') from secret_version v join secret s on s.id = v.secret_id
				where s.project_id = ? and s.name = ?""").params(PROJECT_A, this.name).query(String.class).list();
	}

	/**
	 * Move the secret's creation, last change and stages an hour back, before any read
	 * (which would cache its stages).
	 */
	private void backdate() {
		this.jdbc
			.sql("""
					update secret set create_time = create_time - interval '1 hour', update_time = update_time - interval '1 hour'
					where project_id = ? and name = ?""")
			.params(PROJECT_A, this.name)
			.update();
		this.jdbc.sql("""
				update secret_stage set update_time = update_time - interval '1 hour'
				where secret_id = (select id from secret where project_id = ? and name = ?)""")
			.params(PROJECT_A, this.name)
			.update();
	}

	private String download(String token) {
		return this.api.send(HttpMethod.POST, path("/backup"), Map.of("X-Auth-Token", token), null)
			.assertOk(200)
			.get("secret_blob")
			.asString();
	}

	private Reply upload(String token, String blob) {
		return this.api.post(RESTORE, token, Map.of("secret_blob", blob));
	}

	private String value(String versionId) {
		return this.api.get(path("/versions/" + versionId), TOKEN_A)
			.assertOk(200)
			.get("version")
			.get("secret_string")
			.asString();
	}

	private String path(String tail) {
		return SECRETS + "/" + this.name + tail;
	}

	/**
	 * The blob with one character changed into another of base64url's alphabet.
	 */
	private static String changed(String blob, int index) {
		char replacement = (blob.charAt(index) == 'A') ? 'B' : 'A';
		return blob.substring(0, index) + replacement + blob.substring(index + 1);
	}

	/**
	 * An instance of the service on the same database after a master key rotation: it
	 * holds the test's two keys and a third, its primary.
	 */
	private ConfigurableApplicationContext rotated() {
		if (rotated == null) {
			Map<String, Object> settings = TestInstances.settings(this.database.getJdbcUrl(),
					this.database.getUsername(), String.valueOf(this.database.getPassword()));
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			settings.put("csms.crypto.master-keys[2].id", "test-key-3");
			settings.put("csms.crypto.master-keys[2].key", Base64.getEncoder().encodeToString(key));
			settings.put("csms.crypto.primary-key-id", "test-key-3");
			rotated = TestInstances.start(settings);
		}
		return rotated;
	}

}
