package io.secretstage.secret;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.ApiWebMvcTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Web slice tests for {@link SecretController}: CreateSecret, ShowSecret and DeleteSecret
 * through the contract's order of checks, behind the real security chain, on MockMvc,
 * with the service mocked and no database.
 */
@ApiWebMvcTest(SecretController.class)
class SecretControllerTests {

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	private static final String SECRET = SECRETS + "/db-password";

	private static final SecretResponse DB_PASSWORD = new SecretResponse(
			new SecretResponse.Details("5b1f0c7e-8f0a-4c47-9d55-3d6f0e1b2a90", "db-password", "ENABLED", "test-key-1",
					"the database's password", 1581507578000L, 1581507580000L, null, "COMMON"));

	private static final String DB_PASSWORD_JSON = "{\"secret\":{\"id\":\"5b1f0c7e-8f0a-4c47-9d55-3d6f0e1b2a90\","
			+ "\"name\":\"db-password\",\"state\":\"ENABLED\",\"kms_key_id\":\"test-key-1\","
			+ "\"description\":\"the database's password\",\"create_time\":1581507578000,"
			+ "\"update_time\":1581507580000,\"scheduled_delete_time\":null,\"secret_type\":\"COMMON\"}}";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private SecretService secrets;

	@Test
	void postThen200WithTheNewSecretsMetadataAndTheBodyAsRead() {
		CreateSecretRequest request = new CreateSecretRequest("db-password", "s3cr3t", null, "the database's password",
				null, "COMMON");
		given(this.secrets.create(USER_A, PROJECT_A, request)).willReturn(DB_PASSWORD);

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
		CreateSecretRequest request = new CreateSecretRequest("db-password", "s3cr3t", null, null, null, null);
		given(this.secrets.create(USER_A, PROJECT_A, request)).willThrow(new ApiException(ErrorCode.SECRET_EXISTS));

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

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "PUT | /db-password | GET, DELETE", "PATCH | /db-password | GET, DELETE",
			"GET |  | POST", "DELETE |  | POST", "PUT |  | POST" })
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
