package io.secretstage.secret;

import java.util.List;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.ApiWebMvcTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.secretstage.ApiSlices.NO_CREDENTIALS;
import static io.secretstage.ApiSlices.NO_PERMISSION;
import static io.secretstage.ApiSlices.USER_A;
import static io.secretstage.ApiSlices.assertAnswer;
import static io.secretstage.ApiSlices.assertError;
import static io.secretstage.ApiSlices.send;
import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Web slice tests for {@link SecretVersionController}: CreateSecretVersion,
 * ShowSecretVersion and ListSecretVersions through the contract's order of checks, behind
 * the real security chain, on MockMvc, with the service mocked and no database.
 */
@ApiWebMvcTest(SecretVersionController.class)
class SecretVersionControllerTests {

	private static final String VERSIONS = "/v1/" + PROJECT_A + "/secrets/db-password/versions";

	private static final VersionMetadata V3 = new VersionMetadata("v3", 1581507580000L, null, "test-key-1",
			"db-password", List.of("SYSCURRENT", "pinned"));

	private static final String V3_JSON = "{\"id\":\"v3\",\"create_time\":1581507580000,\"expire_time\":null,"
			+ "\"kms_key_id\":\"test-key-1\",\"secret_name\":\"db-password\","
			+ "\"version_stages\":[\"SYSCURRENT\",\"pinned\"]}";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private SecretVersionService versions;

	@Test
	void postThen200WithTheNewVersionsMetadataAndTheBodyAsRead() {
		CreateVersionRequest request = new CreateVersionRequest("s3cr3t", null, List.of("SYSCURRENT", "pinned"),
				1893456000000L);
		given(this.versions.create(USER_A, PROJECT_A, "db-password", request)).willReturn(new VersionMetadata("v4",
				1581507580000L, 1893456000000L, "test-key-1", "db-password", List.of("SYSCURRENT", "pinned")));

		MvcTestResult result = send(this.mvc, HttpMethod.POST, VERSIONS, TOKEN_A, "{\"secret_string\":\"s3cr3t\","
				+ "\"version_stages\":[\"SYSCURRENT\",\"pinned\"],\"expire_time\":1893456000000}");

		assertAnswer(result, 200,
				"{\"version_metadata\":{\"id\":\"v4\",\"create_time\":1581507580000,\"expire_time\":1893456000000,"
						+ "\"kms_key_id\":\"test-key-1\",\"secret_name\":\"db-password\","
						+ "\"version_stages\":[\"SYSCURRENT\",\"pinned\"]}}");
	}

	@Test
	void postWhenTokenOfAnotherProjectThen403BeforeTheBodyIsRead() {
		assertError(send(this.mvc, HttpMethod.POST, VERSIONS, TOKEN_B, "{not json"), 403, "CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.versions);
	}

	@Test
	void postWhenTokenLacksTheWriteRoleThen403BeforeTheBodyIsRead() {
		assertError(send(this.mvc, HttpMethod.POST, VERSIONS, READ_ONLY_TOKEN_A, "{not json"), 403, "CSMS.0302",
				NO_PERMISSION);
		verifyNoInteractions(this.versions);
	}

	@Test
	void postWhenSecretNameInvalidThen400BeforeTheProjectAndTheBody() {
		assertError(send(this.mvc, HttpMethod.POST, "/v1/" + PROJECT_B + "/secrets/bad.name/versions", TOKEN_A,
				"{not json"), 400, "CSMS.0002", "The value of parameter secret_name is invalid.");
		verifyNoInteractions(this.versions);
	}

	@Test
	void postWhenTokenMissingThen401First() {
		MvcTestResult result = this.mvc.post()
			.uri("/v1/short/secrets/bad.name/versions")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{not json")
			.exchange();

		assertError(result, 401, "APIGW.0301", NO_CREDENTIALS);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "version_stages | {\"secret_string\":\"x\",\"version_stages\":[\"bad.name\"]}",
					"version_stages | {\"secret_string\":\"x\",\"version_stages\":[null]}",
					"expire_time | {\"secret_string\":\"x\",\"expire_time\":0}",
					"expire_time | {\"secret_string\":\"x\",\"expire_time\":253402300800000}",
					"secret_binary | {\"secret_binary\":\"\"}" })
	void postWhenAFieldBreaksItsRuleThen400NamingIt(String field, String body) {
		assertError(send(this.mvc, HttpMethod.POST, VERSIONS, TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter " + field + " is invalid.");
		verifyNoInteractions(this.versions);
	}

	@Test
	void putThen200WithTheVersionsMetadata() {
		given(this.versions.update(USER_A, PROJECT_A, "db-password", "latest", 1893456000000L)).willReturn(
				new VersionMetadata("v4", 1581507580000L, 1893456000000L, "test-key-1", "db-password", List.of()));

		assertAnswer(send(this.mvc, HttpMethod.PUT, VERSIONS + "/latest", TOKEN_A, "{\"expire_time\":1893456000000}"),
				200, "{\"version_metadata\":{\"id\":\"v4\",\"create_time\":1581507580000,\"expire_time\":1893456000000,"
						+ "\"kms_key_id\":\"test-key-1\",\"secret_name\":\"db-password\",\"version_stages\":[]}}");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "{}", "{\"expire_time\":null}", "{\"expire_time\":-1}", "{\"expire_time\":10000000000000}" })
	void putWhenTheExpiryIsMissingOrOutOfRangeThen400NamingIt(String body) {
		assertError(send(this.mvc, HttpMethod.PUT, VERSIONS + "/v1", TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter expire_time is invalid.");
		verifyNoInteractions(this.versions);
	}

	@Test
	void putWithATokenWithoutTheWriteRoleThen403() {
		assertError(send(this.mvc, HttpMethod.PUT, VERSIONS + "/v1", READ_ONLY_TOKEN_A, "{not json"), 403, "CSMS.0302",
				NO_PERMISSION);
		verifyNoInteractions(this.versions);
	}

	@Test
	void postWhenSecretMissingThen404CSMS0106() {
		given(this.versions.create(USER_A, PROJECT_A, "db-password", new CreateVersionRequest("x", null, null, null)))
			.willThrow(new ApiException(ErrorCode.SECRET_NOT_FOUND));

		assertError(send(this.mvc, HttpMethod.POST, VERSIONS, TOKEN_A, "{\"secret_string\":\"x\"}"), 404, "CSMS.0106",
				"The secret does not exist.");
	}

	@Test
	void getVersionThen200WithTheValueAndItsMetadata() {
		given(this.versions.show(PROJECT_A, "db-password", "v3"))
			.willReturn(VersionResponse.of(SecretValue.text("s3cr3t"), V3));

		assertAnswer(send(this.mvc, HttpMethod.GET, VERSIONS + "/v3", TOKEN_A), 200,
				"{\"version\":{\"secret_string\":\"s3cr3t\",\"version_metadata\":" + V3_JSON + "}}");
	}

	@Test
	void getLatestVersionThenTheServiceIsAskedForLatest() {
		given(this.versions.show(PROJECT_A, "db-password", "latest"))
			.willReturn(VersionResponse.of(SecretValue.binary(new byte[] { 1, 2, 3 }), V3));

		assertAnswer(send(this.mvc, HttpMethod.GET, VERSIONS + "/latest", READ_ONLY_TOKEN_A), 200,
				"{\"version\":{\"secret_binary\":\"AQID\",\"version_metadata\":" + V3_JSON + "}}");
	}

	@Test
	void getVersionWhenMissingThen404CSMS0005() {
		given(this.versions.show(PROJECT_A, "db-password", "v9"))
			.willThrow(new ApiException(ErrorCode.RESOURCE_NOT_FOUND));

		assertError(send(this.mvc, HttpMethod.GET, VERSIONS + "/v9", TOKEN_A), 404, "CSMS.0005",
				"The resource does not exist.");
	}

	@Test
	void getVersionWhenTokenOfAnotherProjectThen403BeforeTheLookup() {
		assertError(send(this.mvc, HttpMethod.GET, VERSIONS + "/v3", TOKEN_B), 403, "CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.versions);
	}

	@ParameterizedTest
	@ValueSource(strings = { "3", "V3", "v", "v12345678901", "latest2", "LATEST", "v3.1" })
	void getVersionWhenVersionIdBreaksItsPatternThen400NamingIt(String versionId) {
		assertError(send(this.mvc, HttpMethod.GET, VERSIONS + "/" + versionId, TOKEN_A), 400, "CSMS.0002",
				"The value of parameter version_id is invalid.");
		verifyNoInteractions(this.versions);
	}

	@Test
	void getVersionWhenEveryPathVariableIsInvalidThen400NamingThemAllInPathOrder() {
		assertError(send(this.mvc, HttpMethod.GET, "/v1/short/secrets/bad.name/versions/x", TOKEN_B), 400, "CSMS.0002",
				"The value of parameter project_id, secret_name, version_id is invalid.");
		assertError(send(this.mvc, HttpMethod.GET, "/v1/" + PROJECT_A + "/secrets/bad.name/versions/x", TOKEN_A), 400,
				"CSMS.0002", "The value of parameter secret_name, version_id is invalid.");
		verifyNoInteractions(this.versions);
	}

	@Test
	void listThen200WithThePageAndFiftyByDefault() {
		given(this.versions.list(PROJECT_A, "db-password", null, 50))
			.willReturn(new VersionMetadata.Page(List.of(V3), new VersionMetadata.PageInfo(1, null, null)));

		assertAnswer(send(this.mvc, HttpMethod.GET, VERSIONS, TOKEN_A), 200, "{\"version_metadatas\":[" + V3_JSON
				+ "],\"page_info\":{\"current_count\":1,\"next_marker\":null,\"previous_marker\":null}}");
	}

	@Test
	void listWithMarkerAndLimitThenTheServiceIsAskedForThem() {
		given(this.versions.list(PROJECT_A, "db-password", "v2", 1))
			.willReturn(new VersionMetadata.Page(List.of(V3), new VersionMetadata.PageInfo(1, "v3", "v2")));

		assertAnswer(send(this.mvc, HttpMethod.GET, VERSIONS + "?marker=v2&limit=1", TOKEN_A), 200,
				"{\"version_metadatas\":[" + V3_JSON
						+ "],\"page_info\":{\"current_count\":1,\"next_marker\":\"v3\",\"previous_marker\":\"v2\"}}");
	}

	@Test
	void listWithAnEmptyLimitThenFifty() {
		given(this.versions.list(PROJECT_A, "db-password", null, 50))
			.willReturn(new VersionMetadata.Page(List.of(), new VersionMetadata.PageInfo(0, null, null)));

		assertThat(send(this.mvc, HttpMethod.GET, VERSIONS + "?limit=", TOKEN_A)).hasStatus(200);
		verify(this.versions).list(PROJECT_A, "db-password", null, 50);
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit=0", "limit=1001", "limit=0x10", "limit=%2B5", "limit=%205", "limit=-1", "limit=abc",
			"limit=5&limit=5", "limit=99999999999" })
	void listWhenLimitIsNotADecimalFrom1To1000Then400NamingIt(String query) {
		assertError(send(this.mvc, HttpMethod.GET, VERSIONS + "?" + query, TOKEN_A), 400, "CSMS.0002",
				"The value of parameter limit is invalid.");
		verifyNoInteractions(this.versions);
	}

	@ParameterizedTest
	@ValueSource(strings = { "marker=x", "marker=latest", "marker=v1&marker=v2", "marker=" })
	void listWhenMarkerIsNotAVersionIdThen400NamingIt(String query) {
		assertError(send(this.mvc, HttpMethod.GET, VERSIONS + "?" + query, TOKEN_A), 400, "CSMS.0002",
				"The value of parameter marker is invalid.");
		verifyNoInteractions(this.versions);
	}

	@Test
	void listWhenTokenOfAnotherProjectThen403BeforeTheLookup() {
		assertError(send(this.mvc, HttpMethod.GET, VERSIONS, TOKEN_B), 403, "CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.versions);
	}

	@Test
	void listWhenSecretMissingThen404CSMS0106() {
		given(this.versions.list(PROJECT_A, "db-password", null, 50))
			.willThrow(new ApiException(ErrorCode.SECRET_NOT_FOUND));

		assertError(send(this.mvc, HttpMethod.GET, VERSIONS, TOKEN_A), 404, "CSMS.0106", "The secret does not exist.");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "DELETE | /v3 | GET, PUT", "POST | /v3 | GET, PUT", "PUT |  | GET, POST",
			"DELETE |  | GET, POST" })
	void methodTheRouteLacksThen405WithAllow(String method, String tail, String allowed) {
		MvcTestResult result = this.mvc.method(HttpMethod.valueOf(method))
			.uri(VERSIONS + ((tail != null) ? tail : ""))
			.header("X-Auth-Token", TOKEN_A)
			.exchange();

		assertError(result, 405, "CSMS.0003", "The request is invalid.");
		assertThat(String.valueOf(result.getResponse().getHeader("Allow")).split(",\\s*"))
			.containsExactlyInAnyOrder(allowed.split(",\\s*"));
		verifyNoInteractions(this.versions);
	}

}
