package io.secretstage.secret;

import java.util.Collections;
import java.util.List;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.ApiWebMvcTest;
import io.secretstage.identity.CallerIdentity;
import org.jspecify.annotations.Nullable;
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
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Web slice tests for {@link SecretController}: CreateSecret, ShowSecret, ListSecrets,
 * UpdateSecret, DeleteSecret, scheduled deletion, restore and batch import through the
 * contract's order of checks, behind the real security chain, on MockMvc, with the
 * service mocked and no database.
 */
@ApiWebMvcTest(SecretController.class)
class SecretControllerTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	private static final String SECRET = SECRETS + "/db-password";

	private static final SecretResponse DB_PASSWORD = new SecretResponse(
			new SecretResponse.Details("5b1f0c7e-8f0a-4c47-9d55-3d6f0e1b2a90", "db-password", "ENABLED", "test-key-1",
					"the database's password", 1581507578000L, 1581507580000L, null, "COMMON", false, List.of(), "0"));

	private static final String DB_PASSWORD_JSON = "{\"secret\":{\"id\":\"5b1f0c7e-8f0a-4c47-9d55-3d6f0e1b2a90\","
			+ "\"name\":\"db-password\",\"state\":\"ENABLED\",\"kms_key_id\":\"test-key-1\","
			+ "\"description\":\"the database's password\",\"create_time\":1581507578000,"
			+ "\"update_time\":1581507580000,\"scheduled_delete_time\":null,\"secret_type\":\"COMMON\","
			+ "\"auto_rotation\":false,\"event_subscriptions\":[],\"enterprise_project_id\":\"0\"}}";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private SecretService secrets;

	@MockitoBean
	private SecretImport imports;

	@MockitoBean
	private SecretBackupService backups;

	@Test
	void postThen200WithTheNewSecretsMetadataAndTheBodyAsRead() {
		CreateSecretRequest request = new CreateSecretRequest("db-password", "s3cr3t", null, "the database's password",
				null, "COMMON", null, null, null, null, null, null);
		given(this.secrets.create(USER_A, PROJECT_A, request, "CreateSecret")).willReturn(DB_PASSWORD);

		MvcTestResult result = send(this.mvc, HttpMethod.POST, SECRETS, TOKEN_A,
				"{\"name\":\"db-password\",\"secret_string\":\"s3cr3t\","
						+ "\"description\":\"the database's password\",\"secret_type\":\"COMMON\"}");

		assertAnswer(result, 200, DB_PASSWORD_JSON);
	}

	@Test
	void postWhenTokenMissingThen401WithoutTheService() {
		MvcTestResult result = this.mvc.post()
			.uri(SECRETS)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"db-password\",\"secret_string\":\"s3cr3t\"}")
			.exchange();

		assertError(result, 401, "APIGW.0301", NO_CREDENTIALS);
		verifyNoInteractions(this.secrets);
	}

	@Test
	void postWhenTokenOfAnotherProjectThen403BeforeTheBodyIsRead() {
		assertError(send(this.mvc, HttpMethod.POST, SECRETS, TOKEN_B, "{not json"), 403, "CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.secrets);
	}

	@Test
	void postWhenTokenLacksTheWriteRoleThen403BeforeTheBodyIsRead() {
		assertError(send(this.mvc, HttpMethod.POST, SECRETS, READ_ONLY_TOKEN_A, "{not json"), 403, "CSMS.0302",
				NO_PERMISSION);
		verifyNoInteractions(this.secrets);
	}

	@Test
	void postWhenProjectIdInvalidThen400BeforeTheProjectAndTheBody() {
		assertError(send(this.mvc, HttpMethod.POST, "/v1/" + PROJECT_B + "!/secrets", TOKEN_B, "{not json"), 400,
				"CSMS.0002", "The value of parameter project_id is invalid.");
		verifyNoInteractions(this.secrets);
	}

	@Test
	void postWhenBodyIsNotJsonThen400CSMS0004() {
		assertError(send(this.mvc, HttpMethod.POST, SECRETS, TOKEN_A, "{not json"), 400, "CSMS.0004",
				"The requested body format is wrong.");
		verifyNoInteractions(this.secrets);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "name | {\"secret_string\":\"s3cr3t\"}", "name | {\"name\":\"bad.name\",\"secret_string\":\"x\"}",
					"secret_type | {\"name\":\"db\",\"secret_string\":\"x\",\"secret_type\":\"OTHER\"}",
					"secret_string | {\"name\":\"db\",\"secret_string\":\"\"}",
					"kms_key_id | {\"name\":\"db\",\"secret_string\":\"x\",\"kms_key_id\":\"\"}" })
	void postWhenAFieldBreaksItsRuleThen400NamingIt(String field, String body) {
		assertError(send(this.mvc, HttpMethod.POST, SECRETS, TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter " + field + " is invalid.");
		verifyNoInteractions(this.secrets);
	}

	@Test
	void postWhenDescriptionIsTooLongThen400NamingIt() {
		String body = "{\"name\":\"db\",\"secret_string\":\"x\",\"description\":\"" + "d".repeat(2049) + "\"}";

		assertError(send(this.mvc, HttpMethod.POST, SECRETS, TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter description is invalid.");
		verifyNoInteractions(this.secrets);
	}

	@Test
	void postWhenNameTakenThen409() {
		CreateSecretRequest request = new CreateSecretRequest("db-password", "s3cr3t", null, null, null, null, null,
				null, null, null, null, null);
		given(this.secrets.create(USER_A, PROJECT_A, request, "CreateSecret"))
			.willThrow(new ApiException(ErrorCode.SECRET_EXISTS));

		assertError(
				send(this.mvc, HttpMethod.POST, SECRETS, TOKEN_A,
						"{\"name\":\"db-password\",\"secret_string\":\"s3cr3t\"}"),
				409, "CSMS.0409", "The secret already exists.");
	}

	@Test
	void getThen200WithTheMetadataOnly() {
		given(this.secrets.show(PROJECT_A, "db-password")).willReturn(DB_PASSWORD);

		assertAnswer(send(this.mvc, HttpMethod.GET, SECRET, TOKEN_A), 200, DB_PASSWORD_JSON);
	}

	@Test
	void getWithATokenWithoutTheWriteRoleThen200() {
		given(this.secrets.show(PROJECT_A, "db-password")).willReturn(DB_PASSWORD);

		assertAnswer(send(this.mvc, HttpMethod.GET, SECRET, READ_ONLY_TOKEN_A), 200, DB_PASSWORD_JSON);
	}

	@Test
	void getWhenSecretMissingThen404CSMS0106() {
		given(this.secrets.show(PROJECT_A, "db-password")).willThrow(new ApiException(ErrorCode.SECRET_NOT_FOUND));

		assertError(send(this.mvc, HttpMethod.GET, SECRET, TOKEN_A), 404, "CSMS.0106", "The secret does not exist.");
	}

	@Test
	void getWhenTokenOfAnotherProjectThen403BeforeTheLookup() {
		assertError(send(this.mvc, HttpMethod.GET, SECRET, TOKEN_B), 403, "CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.secrets);
	}

	@Test
	void getWhenTokenMissingThen401BeforeTheRouteOrThePathVariables() {
		assertError(send(this.mvc, HttpMethod.GET, SECRET, null), 401, "APIGW.0301", NO_CREDENTIALS);
		assertError(send(this.mvc, HttpMethod.GET, "/v1/short/secrets/bad.name", null), 401, "APIGW.0301",
				NO_CREDENTIALS);
		verifyNoInteractions(this.secrets);
	}

	@Test
	void getWhenPathVariablesInvalidThen400NamingThemAllBeforeTheProject() {
		assertError(send(this.mvc, HttpMethod.GET, "/v1/short/secrets/bad.name", TOKEN_B), 400, "CSMS.0002",
				"The value of parameter project_id, secret_name is invalid.");
		assertError(send(this.mvc, HttpMethod.GET, SECRETS + "/" + "s".repeat(65), TOKEN_B), 400, "CSMS.0002",
				"The value of parameter secret_name is invalid.");
		verifyNoInteractions(this.secrets);
	}

	@Test
	void deleteThen200WithoutABodyButTheContractsContentType() {
		assertAnswer(this.mvc.delete().uri(SECRET).header("X-Auth-Token", TOKEN_A).exchange(), 200, "");
		verify(this.secrets).delete(USER_A, PROJECT_A, "db-password");
	}

	@Test
	void deleteWhenTokenLacksTheWriteRoleThen403WithoutTheService() {
		assertError(this.mvc.delete().uri(SECRET).header("X-Auth-Token", READ_ONLY_TOKEN_A).exchange(), 403,
				"CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.secrets);
	}

	@Test
	void deleteWhenSecretMissingThen404CSMS0106() {
		willThrow(new ApiException(ErrorCode.SECRET_NOT_FOUND)).given(this.secrets)
			.delete(USER_A, PROJECT_A, "db-password");

		assertError(this.mvc.delete().uri(SECRET).header("X-Auth-Token", TOKEN_A).exchange(), 404, "CSMS.0106",
				"The secret does not exist.");
	}

	@Test
	void listThen200WithTheDefaultLimitAndTheBodyAsWritten() {
		given(this.secrets.list(PROJECT_A, null, 50, null))
			.willReturn(SecretResponse.Page.of(List.of(DB_PASSWORD.secret()), false));

		assertAnswer(send(this.mvc, HttpMethod.GET, SECRETS, READ_ONLY_TOKEN_A), 200,
				"{\"secrets\":[" + DB_PASSWORD_JSON.substring(10, DB_PASSWORD_JSON.length() - 1)
						+ "],\"page_info\":{\"current_count\":1,\"previous_marker\":\"db-password\"}}");
	}

	@Test
	void listWithLimitMarkerAndEventNameThenPassedOn() {
		given(this.secrets.list(PROJECT_A, "a-marker", 1000, "expiry"))
			.willReturn(SecretResponse.Page.of(List.of(DB_PASSWORD.secret()), true));

		assertAnswer(send(this.mvc, HttpMethod.GET, SECRETS + "?limit=1000&marker=a-marker&event_name=expiry", TOKEN_A),
				200,
				"{\"secrets\":[" + DB_PASSWORD_JSON.substring(10, DB_PASSWORD_JSON.length() - 1)
						+ "],\"page_info\":{\"current_count\":1,\"previous_marker\":\"db-password\","
						+ "\"next_marker\":\"db-password\"}}");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "limit | limit=0", "limit | limit=1001", "limit | limit=abc", "limit | limit=-1",
					"limit | limit=1.0", "limit | limit=%2B5", "marker | marker=bad.name",
					"marker | marker=mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm",
					"event_name | event_name=bad/name" })
	void listWhenAParameterBreaksItsRuleThen400NamingIt(String name, String query) {
		assertError(send(this.mvc, HttpMethod.GET, SECRETS + "?" + query, TOKEN_A), 400, "CSMS.0002",
				"The value of parameter " + name + " is invalid.");
		verifyNoInteractions(this.secrets);
	}

	@Test
	void listWithAnEmptyLimitThenTheDefault() {
		given(this.secrets.list(PROJECT_A, null, 50, null)).willReturn(SecretResponse.Page.of(List.of(), false));

		assertAnswer(send(this.mvc, HttpMethod.GET, SECRETS + "?limit=", TOKEN_A), 200,
				"{\"secrets\":[],\"page_info\":{\"current_count\":0}}");
	}

	@Test
	void listWithAnEmptyMarkerAndEventNameThenPassedOnAsEmpty() {
		given(this.secrets.list(PROJECT_A, "", 50, "")).willReturn(SecretResponse.Page.of(List.of(), false));

		assertAnswer(send(this.mvc, HttpMethod.GET, SECRETS + "?marker=&event_name=", TOKEN_A), 200,
				"{\"secrets\":[],\"page_info\":{\"current_count\":0}}");
	}

	@Test
	void putThen200WithTheSecretAsChanged() {
		UpdateSecretRequest request = new UpdateSecretRequest("new", null, List.of(), false, "", null);
		given(this.secrets.update(USER_A, PROJECT_A, "db-password", request)).willReturn(DB_PASSWORD);

		assertAnswer(send(this.mvc, HttpMethod.PUT, SECRET, TOKEN_A,
				"{\"description\":\"new\",\"event_subscriptions\":[],\"auto_rotation\":false,\"rotation_period\":\"\"}"),
				200, DB_PASSWORD_JSON);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "auto_rotation | {\"auto_rotation\":true}", "rotation_period | {\"rotation_period\":\"6h\"}",
					"rotation_func_urn | {\"rotation_func_urn\":\"urn:fss:x\"}", "kms_key_id | {\"kms_key_id\":\"k\"}",
					"event_subscriptions | {\"event_subscriptions\":[\"bad/name\"]}",
					"event_subscriptions | {\"event_subscriptions\":[null]}" })
	void putWhenAFieldBreaksItsRuleThen400NamingIt(String field, String body) {
		assertError(send(this.mvc, HttpMethod.PUT, SECRET, TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter " + field + " is invalid.");
		verifyNoInteractions(this.secrets);
	}

	@Test
	void putWithATokenWithoutTheWriteRoleThen403() {
		assertError(send(this.mvc, HttpMethod.PUT, SECRET, READ_ONLY_TOKEN_A, "{}"), 403, "CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.secrets);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "30 | ", "30 | {}", "30 | {\"recovery_window_in_days\":null}",
			"7 | {\"recovery_window_in_days\":7}", "30 | {\"recovery_window_in_days\":30}" })
	void scheduleDeletionThenTheWindowAsGivenOr30Days(int days, @Nullable String body) {
		given(this.secrets.scheduleDeletion(USER_A, PROJECT_A, "db-password", days)).willReturn(DB_PASSWORD);
		String path = SECRET + "/scheduled-deleted-tasks/create";

		assertAnswer((body != null) ? send(this.mvc, HttpMethod.POST, path, TOKEN_A, body)
				: send(this.mvc, HttpMethod.POST, path, TOKEN_A), 200, DB_PASSWORD_JSON);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"recovery_window_in_days\":6}", "{\"recovery_window_in_days\":31}",
			"{\"recovery_window_in_days\":0}" })
	void scheduleDeletionWithAWindowOutOfRangeThen400NamingIt(String body) {
		assertError(send(this.mvc, HttpMethod.POST, SECRET + "/scheduled-deleted-tasks/create", TOKEN_A, body), 400,
				"CSMS.0002", "The value of parameter recovery_window_in_days is invalid.");
		verifyNoInteractions(this.secrets);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{}", "not json at all" })
	void restoreWithAnyBodyOrNoneThen200(String body) {
		given(this.secrets.restore(USER_A, PROJECT_A, "db-password")).willReturn(DB_PASSWORD);

		assertAnswer(send(this.mvc, HttpMethod.POST, SECRET + "/scheduled-deleted-tasks/cancel", TOKEN_A, body), 200,
				DB_PASSWORD_JSON);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"secrets\":null}", "{\"secrets\":[]}" })
	void batchImportWithoutEntriesThen400NamingThem(String body) {
		assertError(send(this.mvc, HttpMethod.POST, SECRETS + "/batch-import", TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter secrets is invalid.");
		verifyNoInteractions(this.imports);
	}

	@Test
	void batchImportOfMoreThan100EntriesThen400NamingThem() {
		String body = "{\"secrets\":[" + String.join(",", Collections.nCopies(101, "{}")) + "]}";

		assertError(send(this.mvc, HttpMethod.POST, SECRETS + "/batch-import", TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter secrets is invalid.");
		verifyNoInteractions(this.imports);
	}

	@Test
	void batchImportWithATokenWithoutTheWriteRoleThen403BeforeTheBodyIsRead() {
		assertError(send(this.mvc, HttpMethod.POST, SECRETS + "/batch-import", READ_ONLY_TOKEN_A, "{not json"), 403,
				"CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.imports);
	}

	@Test
	void downloadWithATokenWithoutTheWriteRoleThen200WithTheBlob() {
		given(this.backups.download(any(CallerIdentity.class), eq(PROJECT_A), eq("db-password")))
			.willReturn(new SecretBlobResponse("CSMSBK1.e30.AAAA.BBBB"));

		assertAnswer(send(this.mvc, HttpMethod.POST, SECRET + "/backup", READ_ONLY_TOKEN_A), 200,
				"{\"secret_blob\":\"CSMSBK1.e30.AAAA.BBBB\"}");
	}

	@Test
	void downloadWhenTokenOfAnotherProjectThen403WithoutTheService() {
		assertError(send(this.mvc, HttpMethod.POST, SECRET + "/backup", TOKEN_B), 403, "CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.backups);
	}

	@Test
	void uploadThen200WithTheRestoredSecretsMetadata() {
		given(this.backups.upload(USER_A, PROJECT_A, "CSMSBK1.e30.AAAA.BBBB")).willReturn(DB_PASSWORD);

		assertAnswer(send(this.mvc, HttpMethod.POST, SECRETS + "/restore", TOKEN_A,
				"{\"secret_blob\":\"CSMSBK1.e30.AAAA.BBBB\"}"), 200, DB_PASSWORD_JSON);
	}

	@Test
	void uploadWithATokenWithoutTheWriteRoleThen403BeforeTheBodyIsRead() {
		assertError(send(this.mvc, HttpMethod.POST, SECRETS + "/restore", READ_ONLY_TOKEN_A, "{not json"), 403,
				"CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.backups);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"secret_blob\":null}" })
	void uploadWithoutABlobThen400NamingIt(String body) {
		assertError(send(this.mvc, HttpMethod.POST, SECRETS + "/restore", TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter secret_blob is invalid.");
		verifyNoInteractions(this.backups);
	}

	@Test
	void uploadOfABlobThatDoesNotOpenThen400CSMS0905() {
		willThrow(new ApiException(ErrorCode.INVALID_BLOB)).given(this.backups).upload(USER_A, PROJECT_A, "CSMSBK1.x");

		assertError(send(this.mvc, HttpMethod.POST, SECRETS + "/restore", TOKEN_A, "{\"secret_blob\":\"CSMSBK1.x\"}"),
				400, "CSMS.0905", "The secret backup is invalid.");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "GET | /db-password/backup | POST", "PUT | /db-password/backup | POST",
			"POST | /db-password | GET, PUT, DELETE", "PATCH | /db-password | GET, PUT, DELETE",
			"DELETE |  | GET, POST", "PUT |  | GET, POST", "GET | /db-password/scheduled-deleted-tasks/create | POST",
			"DELETE | /db-password/scheduled-deleted-tasks/cancel | POST" })
	void methodTheRouteLacksThen405WithAllow(String method, String tail, String allowed) {
		MvcTestResult result = this.mvc.method(HttpMethod.valueOf(method))
			.uri(SECRETS + ((tail != null) ? tail : ""))
			.header("X-Auth-Token", TOKEN_A)
			.exchange();

		assertError(result, 405, "CSMS.0003", "The request is invalid.");
		assertThat(String.valueOf(result.getResponse().getHeader("Allow")).split(",\\s*"))
			.containsExactlyInAnyOrder(allowed.split(",\\s*"));
		verifyNoInteractions(this.secrets);
	}

	@Test
	void getWhenRouteUnknownThen404() {
		assertError(send(this.mvc, HttpMethod.GET, "/v1/" + PROJECT_A + "/secret/db-password", TOKEN_A), 404,
				"APIGW.0101", "The API does not exist.");
		assertError(send(this.mvc, HttpMethod.GET, SECRET + "/", TOKEN_A), 404, "APIGW.0101",
				"The API does not exist.");
	}

}
