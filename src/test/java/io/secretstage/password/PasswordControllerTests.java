package io.secretstage.password;

import io.secretstage.ApiErrors;
import io.secretstage.identity.ApiWebMvcTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.secretstage.ApiSlices.NO_CREDENTIALS;
import static io.secretstage.ApiSlices.NO_PERMISSION;
import static io.secretstage.ApiSlices.assertError;
import static io.secretstage.ApiSlices.send;
import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Web slice tests for {@link PasswordController}: GenerateRandomPassword's body, with or
 * without one, validated field by field, an unknown field refused, the requests that no
 * password meets, and the order of checks, behind the real security chain with the real
 * generator. Both roles are required here, and neither token holds the read role: the
 * operation needs none.
 */
@ApiWebMvcTest(PasswordController.class)
@Import(PasswordGenerator.class)
@TestPropertySource(properties = "csms.identity.required-roles.read=csms-reader")
class PasswordControllerTests {

	private static final String GENERATE = "/v1/" + PROJECT_A + "/csms/generate-password";

	/**
	 * A character of the default alphabet: letters, digits and the 32 punctuation marks.
	 */
	private static final String DEFAULT_CHARACTER = "[a-zA-Z0-9\\p{Punct}]";

	@Autowired
	private MockMvcTester mvc;

	@MockitoSpyBean
	private PasswordGenerator generator;

	@Test
	void postWithoutABodyThen32CharactersNotToBeCached() {
		MvcTestResult result = this.mvc.post().uri(GENERATE).header("X-Auth-Token", TOKEN_A).exchange();

		assertPassword(result, DEFAULT_CHARACTER + "{32}");
		assertThat(result).headers().hasValue("Cache-Control", "no-store");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{}", "null", " { } ", "{\"length\":null,\"exclude_lowercase\":null,"
			+ "\"exclude_uppercase\":null,\"exclude_numbers\":null,\"exclude_punctuation\":null,\"include_space\":null,"
			+ "\"exclude_characters\":null,\"require_each_included_type\":null,\"password_policy_name\":null}" })
	void postWithAnEmptyBodyOrNullFieldsThenTheDefaults(String body) {
		assertPassword(send(this.mvc, HttpMethod.POST, GENERATE, TOKEN_A, body), DEFAULT_CHARACTER + "{32}");
	}

	@Test
	void postWithEveryFieldThenThePasswordAsked() {
		String body = "{\"length\":12,\"exclude_lowercase\":true,\"exclude_uppercase\":true,\"exclude_numbers\":false,"
				+ "\"exclude_punctuation\":true,\"include_space\":false,\"exclude_characters\":\"0\","
				+ "\"require_each_included_type\":true,\"password_policy_name\":\"any name\"}";

		assertPassword(send(this.mvc, HttpMethod.POST, GENERATE, TOKEN_A, body), "[1-9]{12}");
	}

	@Test
	void postWithOnlyTheSpaceThenSpaces() {
		String body = "{\"length\":3,\"exclude_lowercase\":true,\"exclude_uppercase\":true,\"exclude_numbers\":true,"
				+ "\"exclude_punctuation\":true,\"include_space\":true}";

		assertPassword(send(this.mvc, HttpMethod.POST, GENERATE, TOKEN_A, body), " {3}");
	}

	@Test
	void postWithATokenWithoutAnyRoleThen200() {
		assertPassword(send(this.mvc, HttpMethod.POST, GENERATE, READ_ONLY_TOKEN_A, "{\"length\":255}"),
				DEFAULT_CHARACTER + "{255}");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "length | {\"length\":0}", "length | {\"length\":256}", "length | {\"length\":-1}",
					"exclude_characters | {\"exclude_characters\":\"\u00e9\"}",
					"exclude_characters | {\"exclude_characters\":\"\\t\"}",
					"exclude_characters | {\"exclude_characters\":\"\\u007f\"}", "lenght | {\"lenght\":12}",
					"length | {\"length\":3,\"require_each_included_type\":true}",
					"length | {\"length\":4,\"include_space\":true,\"require_each_included_type\":true}",
					"exclude_lowercase, exclude_uppercase, exclude_numbers, exclude_punctuation | "
							+ "{\"exclude_lowercase\":true,\"exclude_uppercase\":true,\"exclude_numbers\":true,"
							+ "\"exclude_punctuation\":true}",
					"exclude_uppercase, exclude_numbers, exclude_punctuation, exclude_characters | "
							+ "{\"exclude_uppercase\":true,\"exclude_numbers\":true,\"exclude_punctuation\":true,"
							+ "\"exclude_characters\":\"abcdefghijklmnopqrstuvwxyz\"}" })
	void postWhenAFieldBreaksItsRuleThen400NamingIt(String field, String body) {
		assertError(send(this.mvc, HttpMethod.POST, GENERATE, TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter " + field + " is invalid.");
	}

	@Test
	void postWhenAStringIsTooLongThen400NamingIt() {
		assertError(
				send(this.mvc, HttpMethod.POST, GENERATE, TOKEN_A,
						"{\"exclude_characters\":\"" + "x".repeat(257) + "\"}"),
				400, "CSMS.0002", "The value of parameter exclude_characters is invalid.");
		assertError(
				send(this.mvc, HttpMethod.POST, GENERATE, TOKEN_A,
						"{\"password_policy_name\":\"" + "p".repeat(65) + "\"}"),
				400, "CSMS.0002", "The value of parameter password_policy_name is invalid.");
		assertPassword(send(this.mvc, HttpMethod.POST, GENERATE, TOKEN_A, "{\"exclude_characters\":\"" + "x".repeat(256)
				+ "\",\"password_policy_name\":\"" + "p".repeat(64) + "\"}"), "[a-wyzA-Z0-9\\p{Punct}]{32}");
	}

	/**
	 * Bodies that are not an object, or not JSON; the slice leaves out the strict reading
	 * of types ({@code StrictJsonConfiguration}), which {@link PasswordSdkTests} checks
	 * over HTTP.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "[]", "\"\"", "12", "{", "{\"exclude_characters\":[\"a\"]}" })
	void postWhenTheBodyIsMalformedThen400CSMS0004(String body) {
		assertError(send(this.mvc, HttpMethod.POST, GENERATE, TOKEN_A, body), 400, "CSMS.0004",
				"The requested body format is wrong.");
	}

	@Test
	void postWhenTheBodyIsNotDeclaredJsonThen415() {
		MvcTestResult result = this.mvc.post()
			.uri(GENERATE)
			.header("X-Auth-Token", TOKEN_A)
			.contentType(MediaType.TEXT_PLAIN)
			.content("{}")
			.exchange();

		assertError(result, 415, "CSMS.0003", "The request is invalid.");
	}

	@Test
	void postWhenTokenMissingThen401() {
		assertError(send(this.mvc, HttpMethod.POST, GENERATE, null), 401, "APIGW.0301", NO_CREDENTIALS);
		verifyNoInteractions(this.generator);
	}

	@Test
	void postWhenTokenOfAnotherProjectThen403BeforeTheBodyIsRead() {
		assertError(send(this.mvc, HttpMethod.POST, GENERATE, TOKEN_B, "{not json"), 403, "CSMS.0302", NO_PERMISSION);
		assertError(send(this.mvc, HttpMethod.POST, GENERATE, TOKEN_B), 403, "CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.generator);
	}

	@Test
	void postWhenProjectIdInvalidThen400BeforeTheProjectAndTheBody() {
		assertError(
				send(this.mvc, HttpMethod.POST, "/v1/" + PROJECT_B + "!/csms/generate-password", TOKEN_B, "{not json"),
				400, "CSMS.0002", "The value of parameter project_id is invalid.");
		verifyNoInteractions(this.generator);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "PUT", "DELETE", "PATCH" })
	void methodOtherThanPostThen405WithAllow(String method) {
		MvcTestResult result = send(this.mvc, HttpMethod.valueOf(method), GENERATE, TOKEN_A);

		assertError(result, 405, "CSMS.0003", "The request is invalid.");
		assertThat(result).headers().hasValue("Allow", "POST");
		verifyNoInteractions(this.generator);
	}

	/**
	 * Assert a password's answer: 200 with the contract's headers, and a body of the
	 * password alone, of the given characters.
	 */
	private static void assertPassword(MvcTestResult result, String regexp) {
		assertThat(result).hasStatus(200).headers().hasValue("Content-Type", ApiErrors.JSON);
		assertThat(result.getResponse().getHeader("X-Request-Id")).matches("[0-9a-f]{32}");
		JsonNode body = JsonMapper.shared().readTree(result.getResponse().getContentAsByteArray());
		assertThat(body.propertyNames()).containsExactly("password");
		assertThat(body.get("password").asString()).matches(regexp);
	}

}
