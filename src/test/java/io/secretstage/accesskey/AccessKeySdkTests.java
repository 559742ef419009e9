package io.secretstage.accesskey;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.csms.v1.CsmsClient;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequestBody;
import com.huaweicloud.sdk.csms.v1.model.ListSecretVersionsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretVersionsResponse;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretStageRequestBody;
import com.huaweicloud.sdk.csms.v1.model.VersionMetadata;
import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.ApiTest;
import io.secretstage.SdkErrors;
import io.secretstage.TestInstances;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.ApiErrors.assertError;
import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that Huawei's official Java SDK, unmodified and signing with an access key
 * ({@code BasicCredentials}), works against the running service with only its endpoint
 * set, and that every way a signature can fail reaches it as the SDK's
 * {@link ClientRequestException} with the contract's status, error code and request id.
 */
@ApiTest
class AccessKeySdkTests {

	private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private static @Nullable ConfigurableApplicationContext other;

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcConnectionDetails database;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	private ApiClient api;

	private TestAccessKey key;

	private String secretName;

	@BeforeEach
	void keyAndSecret() {
		this.jdbc.sql("delete from access_key where user_id in ('user-a', 'user-read-only')").update();
		this.api = new ApiClient(this.client);
		this.key = TestAccessKey.create(this.port, TOKEN_A, "user-a", PROJECT_A);
		this.secretName = "sdk-" + UUID.randomUUID();
		this.api.post("/v1/" + PROJECT_A + "/secrets", TOKEN_A, Map.of("name", this.secretName, "secret_string", "one"))
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
	void showSecretStageWithBasicCredentialsThenTheStage() {
		var stage = this.key.client(this.port).showSecretStage(showCurrent()).getStage();

		assertThat(stage.getName()).isEqualTo("SYSCURRENT");
		assertThat(stage.getVersionId()).isEqualTo("v1");
		assertThat(stage.getSecretName()).isEqualTo(this.secretName);
		assertThat(stage.getUpdateTime()).isPositive();
	}

	@Test
	void writesWithChunkedJsonBodiesThenDoneAndReadBack() {
		CsmsClient client = this.key.client(this.port);

		VersionMetadata created = client
			.createSecretVersion(new CreateSecretVersionRequest().withSecretName(this.secretName)
				.withBody(new CreateSecretVersionRequestBody().withSecretString("two")))
			.getVersionMetadata();
		var moved = client
			.updateSecretStage(new UpdateSecretStageRequest().withSecretName(this.secretName)
				.withStageName("SYSCURRENT")
				.withBody(new UpdateSecretStageRequestBody().withVersionId("v1")))
			.getStage();

		assertThat(created.getId()).isEqualTo("v2");
		assertThat(created.getVersionStages()).containsExactly("SYSCURRENT");
		assertThat(moved.getVersionId()).isEqualTo("v1");
		assertThat(client.showSecretStage(showCurrent()).getStage().getVersionId()).isEqualTo("v1");
	}

	@Test
	void listSecretVersionsWithLimitAndMarkerThenOnePageAfterTheMarker() {
		CsmsClient client = this.key.client(this.port);
		for (int i = 0; i < 3; i++) {
			client.createSecretVersion(new CreateSecretVersionRequest().withSecretName(this.secretName)
				.withBody(new CreateSecretVersionRequestBody().withSecretString("value " + i)));
		}

		ListSecretVersionsResponse page = client.listSecretVersions(
				new ListSecretVersionsRequest().withSecretName(this.secretName).withLimit(2).withMarker("v1"));

		assertThat(page.getVersionMetadatas()).extracting(VersionMetadata::getId).containsExactly("v2", "v3");
		assertThat(page.getPageInfo().getNextMarker()).isEqualTo("v3");
	}

	@Test
	void showSecretThenItsMetadata() {
		var secret = this.key.client(this.port)
			.showSecret(new ShowSecretRequest().withSecretName(this.secretName))
			.getSecret();

		assertThat(secret.getName()).isEqualTo(this.secretName);
		assertThat(secret.getState()).isEqualTo("ENABLED");
	}

	@Test
	void wrongSecretKeyThen401() {
		String secret = this.key.secret();
		// Another first character, whatever the random secret key starts with.
		String other = ((secret.charAt(0) == 'x') ? "y" : "x") + secret.substring(1);
		TestAccessKey wrong = new TestAccessKey(this.key.access(), other, PROJECT_A);

		assertThat(
				SdkErrors.assertRefused(() -> wrong.client(this.port).showSecretStage(showCurrent()), 401, "APIGW.0301")
					.getErrorMsg())
			.contains("verify aksk signature fail");
	}

	@Test
	void unknownAccessKeyThen401() {
		TestAccessKey unknown = new TestAccessKey("UNKNOWN0000000000000", this.key.secret(), PROJECT_A);

		assertThat(SdkErrors
			.assertRefused(() -> unknown.client(this.port).showSecretStage(showCurrent()), 401, "APIGW.0301")
			.getErrorMsg()).contains("ak not exist");
	}

	@Test
	void inactiveKeyThen401AndActiveAgainThen200() {
		CsmsClient client = this.key.client(this.port);
		client.showSecretStage(showCurrent());

		setStatus("inactive");
		assertThat(
				SdkErrors.assertRefused(() -> client.showSecretStage(showCurrent()), 401, "APIGW.0301").getErrorMsg())
			.contains("inactive");
		setStatus("active");
		assertThat(client.showSecretStage(showCurrent()).getStage().getVersionId()).isEqualTo("v1");
	}

	@Test
	void deletedKeyThen401() {
		CsmsClient client = this.key.client(this.port);
		client.showSecretStage(showCurrent());

		this.api.delete(TestAccessKey.CREDENTIALS + "/" + this.key.access(), TOKEN_A).assertOk(204);

		assertThat(
				SdkErrors.assertRefused(() -> client.showSecretStage(showCurrent()), 401, "APIGW.0301").getErrorMsg())
			.contains("ak not exist");
	}

	@Test
	void keyDeletedThroughAnotherInstanceThen401HereWithinASecond() {
		if (other == null) {
			other = TestInstances.start(this.database);
		}
		CsmsClient client = this.key.client(this.port);
		client.showSecretStage(showCurrent());

		new ApiClient(TestInstances.port(other)).delete(TestAccessKey.CREDENTIALS + "/" + this.key.access(), TOKEN_A)
			.assertOk(204);

		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(
					SdkErrors.assertRefused(() -> client.showSecretStage(showCurrent()), 401, "APIGW.0301")
						.getErrorMsg())
				.contains("ak not exist"));
	}

	@Test
	void bodyChangedAfterSigningThen401() throws Exception {
		String path = "/v1/" + PROJECT_A + "/secrets/" + this.secretName + "/stages/SYSCURRENT";
		Map<String, String> signed = this.key.sign(this.port, HttpMethod.PUT, path, "{\"version_id\":\"v1\"}",
				Map.of());

		Reply response = TestAccessKey.send(this.port, "PUT", path, "{\"version_id\":\"v9\"}", signed);

		assertError(response, 401, "APIGW.0301");
		assertThat(response.body()).contains("verify aksk signature fail");
	}

	@Test
	void sdkDateSixteenMinutesOldThen401() {
		CsmsClient client = clientSigningAt(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(16));

		assertThat(
				SdkErrors.assertRefused(() -> client.showSecretStage(showCurrent()), 401, "APIGW.0301").getErrorMsg())
			.contains("expired");
	}

	@Test
	void sdkDateFourteenMinutesAheadThen200() {
		CsmsClient client = clientSigningAt(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(14));

		assertThat(client.showSecretStage(showCurrent()).getStage().getVersionId()).isEqualTo("v1");
	}

	@Test
	void anotherProjectThen403() {
		TestAccessKey otherProject = new TestAccessKey(this.key.access(), this.key.secret(), PROJECT_B);

		SdkErrors.assertRefused(() -> otherProject.client(this.port).showSecretStage(showCurrent()), 403, "CSMS.0302");
	}

	@Test
	void projectHeaderOtherThanThePathsThen403() throws Exception {
		String path = "/v1/" + PROJECT_A + "/secrets/" + this.secretName + "/stages/SYSCURRENT";
		Map<String, String> signed = this.key.sign(this.port, HttpMethod.GET, path, null,
				Map.of("X-Project-Id", PROJECT_B));

		Reply response = TestAccessKey.send(this.port, "GET", path, null, signed);

		assertError(response, 403, "CSMS.0302");
	}

	@Test
	void keyOfAReadOnlyUserThenReadsButNoWrites() {
		TestAccessKey readOnly = TestAccessKey.create(this.port, READ_ONLY_TOKEN_A, "user-read-only", PROJECT_A);
		CsmsClient client = readOnly.client(this.port);

		assertThat(client.showSecretStage(showCurrent()).getStage().getVersionId()).isEqualTo("v1");
		SdkErrors
			.assertRefused(() -> client.updateSecretStage(new UpdateSecretStageRequest().withSecretName(this.secretName)
				.withStageName("SYSCURRENT")
				.withBody(new UpdateSecretStageRequestBody().withVersionId("v1"))), 403, "CSMS.0302");
	}

	/**
	 * The SDK's client with an {@code X-Sdk-Date} of its own on every request, which the
	 * SDK signs instead of its clock's time.
	 */
	private CsmsClient clientSigningAt(ZonedDateTime time) {
		return new CsmsClient(
				new HcClient(TestAccessKey.httpConfig()).withEndpoints(List.of("http://127.0.0.1:" + this.port))
					.withCredential(this.key.credentials())
					.withExtraHeaders(Map.of("X-Sdk-Date", SDK_DATE.format(time))));
	}

	private ShowSecretStageRequest showCurrent() {
		return new ShowSecretStageRequest().withSecretName(this.secretName).withStageName("SYSCURRENT");
	}

	private void setStatus(String status) {
		this.api
			.put(TestAccessKey.CREDENTIALS + "/" + this.key.access(), TOKEN_A,
					Map.of("credential", Map.of("status", status)))
			.assertOk(200);
	}

}
