package io.secretstage.secret;

import java.net.URI;

import io.secretstage.TestTokens;
import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.ApiWebMvcTest;
import io.secretstage.stagecache.StageView;
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

import static io.secretstage.ApiSlices.INVALID_TOKEN;
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
 * Web slice tests for {@link SecretStageController}: the contract's order of checks on
 * the stage routes (malformed request, credentials, route and method, path variables,
 * project and role, body, lookup) behind the real security chain, on MockMvc, with the
 * service mocked and no database.
 */
@ApiWebMvcTest(SecretStageController.class)
class SecretStageControllerTests {

	private static final String SECRET = "db-password";

	private static final StageView SYSCURRENT = new StageView("SYSCURRENT", "v3", 1581507580000L, SECRET);

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private SecretStageService stages;

	@Test
	void getWhenStageExistsThen200WithTheContractBody() {
		given(this.stages.find(PROJECT_A, SECRET, "SYSCURRENT")).willReturn(SYSCURRENT);

		MvcTestResult result = send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "SYSCURRENT"), TOKEN_A);

		assertAnswer(result, 200, "{\"stage\":{\"name\":\"SYSCURRENT\",\"version_id\":\"v3\","
				+ "\"update_time\":1581507580000,\"secret_name\":\"db-password\"}}");
	}

	@Test
	void getWithATokenWithoutTheWriteRoleThen200() {
		given(this.stages.find(PROJECT_A, SECRET, "SYSCURRENT")).willReturn(SYSCURRENT);

		assertThat(send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "SYSCURRENT"), READ_ONLY_TOKEN_A))
			.hasStatus(200);
	}

	@Test
	void getWhenSecretMissingThen404CSMS0106() {
		given(this.stages.find(PROJECT_A, SECRET, "SYSCURRENT"))
			.willThrow(new ApiException(ErrorCode.SECRET_NOT_FOUND));

		assertError(send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "SYSCURRENT"), TOKEN_A), 404,
				"CSMS.0106", "The secret does not exist.");
	}

	@Test
	void getWhenStageMissingThen404CSMS0005() {
		given(this.stages.find(PROJECT_A, SECRET, "no-such-stage"))
			.willThrow(new ApiException(ErrorCode.RESOURCE_NOT_FOUND));

		assertError(send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "no-such-stage"), TOKEN_A), 404,
				"CSMS.0005", "The resource does not exist.");
	}

	@Test
	void getWhenTokenMissingThen401SayingSoWithoutALookup() {
		assertError(send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "SYSCURRENT"), null), 401, "APIGW.0301",
				NO_CREDENTIALS);
		verifyNoInteractions(this.stages);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "too-short", "test-token-project-a-0123456789abcdef0123456789 x",
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	void getWhenTokenMalformedOrUnknownThen401WithoutALookup(String token) {
		assertError(send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "SYSCURRENT"), token), 401,
				"APIGW.0301", INVALID_TOKEN);
		verifyNoInteractions(this.stages);
	}

	@Test
	void getWhenTokenExpiredThen401APIGW0307() {
		assertError(
				send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "SYSCURRENT"), TestTokens.EXPIRED_TOKEN_A),
				401, "APIGW.0307", "The token must be updated.");
		verifyNoInteractions(this.stages);
	}

	@Test
	void getWhenTokenOfAnotherProjectThen403BeforeTheLookup() {
		assertError(send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "SYSCURRENT"), TOKEN_B), 403,
				"CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.stages);
	}

	@ParameterizedTest
	@CsvSource({ "project_id, 0123456789abcdef0123456789abcde, db-password, SYSCURRENT",
			"project_id, p2345678901234567890123456789012345678901234567890123456789012345, db-password, SYSCURRENT",
			"secret_name, 0123456789abcdef0123456789abcdef, "
					+ "s2345678901234567890123456789012345678901234567890123456789012345, SYSCURRENT",
			"project_id, 0123456789abcdef0123456789abcdef!, db-password, SYSCURRENT",
			"secret_name, 0123456789abcdef0123456789abcdef, bad.name, SYSCURRENT",
			"stage_name, 0123456789abcdef0123456789abcdef, db-password, "
					+ "s2345678901234567890123456789012345678901234567890123456789012345" })
	void getWhenPathVariableBreaksItsPatternThen400NamingIt(String variable, String project, String secret,
			String stage) {
		assertError(send(this.mvc, HttpMethod.GET, stagePath(project, secret, stage), TOKEN_A), 400, "CSMS.0002",
				"The value of parameter " + variable + " is invalid.");
		verifyNoInteractions(this.stages);
	}

	@Test
	void getWhenEveryPathVariableIsInvalidThen400NamingThemAllInPathOrder() {
		assertError(send(this.mvc, HttpMethod.GET, stagePath("short", "bad.name", "bad%20stage"), TOKEN_A), 400,
				"CSMS.0002", "The value of parameter project_id, secret_name, stage_name is invalid.");
		assertError(send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, "bad.name", "bad%20stage"), TOKEN_A), 400,
				"CSMS.0002", "The value of parameter secret_name, stage_name is invalid.");
		verifyNoInteractions(this.stages);
	}

	@Test
	void getWhenPathVariableInvalidAndTokenMissingThen401First() {
		assertError(send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "a".repeat(65)), null), 401,
				"APIGW.0301", NO_CREDENTIALS);
	}

	@Test
	void getWhenPathVariableInvalidAndTokenOfAnotherProjectThen400First() {
		assertError(send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "a".repeat(65)), TOKEN_B), 400,
				"CSMS.0002", "The value of parameter stage_name is invalid.");
	}

	@Test
	void getWhenWellFormedProjectIdOf64CharactersIsNotTheTokensThen403() {
		assertError(send(this.mvc, HttpMethod.GET, stagePath("p".repeat(64), SECRET, "SYSCURRENT"), TOKEN_A), 403,
				"CSMS.0302", NO_PERMISSION);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/secrets//stages/SYSCURRENT", "/secrets/db%2Fpassword/stages/SYSCURRENT",
			"/secrets/%2e%2e/stages/SYSCURRENT", "/secrets/db-password/stages/SYSCURRENT;x=1",
			"/secrets/db%25password/stages/SYSCURRENT", "/secrets/db%5Cpassword/stages/SYSCURRENT" })
	void requestWhenThePathIsMalformedThen400CSMS0003BeforeTheCredentials(String path) {
		MvcTestResult result = this.mvc.get().uri(URI.create("/v1/" + PROJECT_A + path)).exchange();

		assertError(result, 400, "CSMS.0003", "The request is invalid.");
		verifyNoInteractions(this.stages);
	}

	@Test
	void getWhenRouteUnknownUnderV1ThenTokenFirstThen404() {
		assertError(send(this.mvc, HttpMethod.GET, "/v1/" + PROJECT_A + "/no-such-resource", null), 401, "APIGW.0301",
				NO_CREDENTIALS);
		assertError(send(this.mvc, HttpMethod.GET, "/v1/" + PROJECT_A + "/no-such-resource", TOKEN_A), 404,
				"APIGW.0101", "The API does not exist.");
		assertError(send(this.mvc, HttpMethod.GET, stagePath(PROJECT_A, SECRET, "SYSCURRENT") + "/more", TOKEN_A), 404,
				"APIGW.0101", "The API does not exist.");
	}

	@Test
	void getWhenRouteUnknownOutsideV1Then404WithOrWithoutAToken() {
		assertError(send(this.mvc, HttpMethod.GET, "/no-such-route", null), 404, "APIGW.0101",
				"The API does not exist.");
		assertError(send(this.mvc, HttpMethod.GET, "/no-such-route", "x".repeat(40)), 404, "APIGW.0101",
				"The API does not exist.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PATCH", "OPTIONS" })
	void methodTheRouteLacksThen405WithAllow(String method) {
		MvcTestResult result = this.mvc.method(HttpMethod.valueOf(method))
			.uri(stagePath(PROJECT_A, SECRET, "SYSCURRENT"))
			.header("X-Auth-Token", TOKEN_A)
			.exchange();

		assertError(result, 405, "CSMS.0003", "The request is invalid.");
		assertThat(String.valueOf(result.getResponse().getHeader("Allow")).split(",\\s*"))
			.containsExactlyInAnyOrder("GET", "PUT", "DELETE");
		verifyNoInteractions(this.stages);
	}

	@Test
	void methodTheRouteLacksWithoutATokenThen401First() {
		assertError(this.mvc.post().uri(stagePath(PROJECT_A, SECRET, "SYSCURRENT")).exchange(), 401, "APIGW.0301",
				NO_CREDENTIALS);
	}

	@Test
	void putThen200WithTheStageAsItIsNow() {
		given(this.stages.update(USER_A, PROJECT_A, SECRET, "pinned", "v2"))
			.willReturn(new StageView("pinned", "v2", 1700000000000L, SECRET));

		MvcTestResult result = send(this.mvc, HttpMethod.PUT, stagePath(PROJECT_A, SECRET, "pinned"), TOKEN_A,
				"{\"version_id\":\"v2\"}");

		assertAnswer(result, 200, "{\"stage\":{\"name\":\"pinned\",\"version_id\":\"v2\","
				+ "\"update_time\":1700000000000,\"secret_name\":\"db-password\"}}");
	}

	@Test
	void putWhenTokenOfAnotherProjectThen403BeforeTheBodyIsRead() {
		assertError(send(this.mvc, HttpMethod.PUT, stagePath(PROJECT_A, SECRET, "pinned"), TOKEN_B, "{not json"), 403,
				"CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.stages);
	}

	@Test
	void putWhenTokenLacksTheWriteRoleThen403BeforeTheBodyIsRead() {
		assertError(
				send(this.mvc, HttpMethod.PUT, stagePath(PROJECT_A, SECRET, "pinned"), READ_ONLY_TOKEN_A, "{not json"),
				403, "CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.stages);
	}

	@Test
	void putWhenPathVariablesInvalidThen400BeforeTheProjectAndTheBody() {
		assertError(send(this.mvc, HttpMethod.PUT, stagePath(PROJECT_B.substring(1), SECRET, "bad%20stage"), TOKEN_A,
				"{not json"), 400, "CSMS.0002", "The value of parameter project_id, stage_name is invalid.");
		verifyNoInteractions(this.stages);
	}

	@Test
	void putWhenBodyIsNotJsonThen400CSMS0004() {
		assertError(send(this.mvc, HttpMethod.PUT, stagePath(PROJECT_A, SECRET, "pinned"), TOKEN_A, "{not json"), 400,
				"CSMS.0004", "The requested body format is wrong.");
		verifyNoInteractions(this.stages);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "{}", "{\"version_id\":\"3\"}", "{\"version_id\":\"v12345678901\"}", "{\"version_id\":null}" })
	void putWhenVersionIdMissingOrBreaksItsPatternThen400NamingIt(String body) {
		assertError(send(this.mvc, HttpMethod.PUT, stagePath(PROJECT_A, SECRET, "pinned"), TOKEN_A, body), 400,
				"CSMS.0002", "The value of parameter version_id is invalid.");
		verifyNoInteractions(this.stages);
	}

	@Test
	void putWhenBodyIsNotDeclaredJsonThen415() {
		MvcTestResult result = this.mvc.put()
			.uri(stagePath(PROJECT_A, SECRET, "pinned"))
			.header("X-Auth-Token", TOKEN_A)
			.contentType(MediaType.TEXT_PLAIN)
			.content("{\"version_id\":\"v2\"}")
			.exchange();

		assertError(result, 415, "CSMS.0003", "The request is invalid.");
		verifyNoInteractions(this.stages);
	}

	@Test
	void putWhenVersionMissingThen404CSMS0005() {
		given(this.stages.update(USER_A, PROJECT_A, SECRET, "pinned", "v9"))
			.willThrow(new ApiException(ErrorCode.RESOURCE_NOT_FOUND));

		assertError(send(this.mvc, HttpMethod.PUT, stagePath(PROJECT_A, SECRET, "pinned"), TOKEN_A,
				"{\"version_id\":\"v9\"}"), 404, "CSMS.0005", "The resource does not exist.");
	}

	@Test
	void putWhenSecretMissingThen404CSMS0106() {
		given(this.stages.update(USER_A, PROJECT_A, SECRET, "pinned", "v2"))
			.willThrow(new ApiException(ErrorCode.SECRET_NOT_FOUND));

		assertError(send(this.mvc, HttpMethod.PUT, stagePath(PROJECT_A, SECRET, "pinned"), TOKEN_A,
				"{\"version_id\":\"v2\"}"), 404, "CSMS.0106", "The secret does not exist.");
	}

	@Test
	void deleteThen204WithoutABodyButTheContractsContentType() {
		MvcTestResult result = send(this.mvc, HttpMethod.DELETE, stagePath(PROJECT_A, SECRET, "pinned"), TOKEN_A);

		assertAnswer(result, 204, "");
		verify(this.stages).delete(USER_A, PROJECT_A, SECRET, "pinned");
	}

	@Test
	void deleteWhenTokenLacksTheWriteRoleThen403WithoutTheService() {
		assertError(send(this.mvc, HttpMethod.DELETE, stagePath(PROJECT_A, SECRET, "pinned"), READ_ONLY_TOKEN_A), 403,
				"CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.stages);
	}

	@Test
	void deleteWhenStageMissingThen404CSMS0005() {
		willThrow(new ApiException(ErrorCode.RESOURCE_NOT_FOUND)).given(this.stages)
			.delete(USER_A, PROJECT_A, SECRET, "pinned");

		assertError(send(this.mvc, HttpMethod.DELETE, stagePath(PROJECT_A, SECRET, "pinned"), TOKEN_A), 404,
				"CSMS.0005", "The resource does not exist.");
	}

	private static String stagePath(String project, String secret, String stage) {
		return "/v1/" + project + "/secrets/" + secret + "/stages/" + stage;
	}

}
