package io.secretstage.accesskey;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.secretstage.crypto.EnvelopeCipher;
import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.ApiWebMvcTest;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.identity.CredentialsRefusedException;
import io.secretstage.identity.SignatureVerifier;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.secretstage.ApiSlices.INVALID_TOKEN;
import static io.secretstage.ApiSlices.NO_CREDENTIALS;
import static io.secretstage.ApiSlices.USER_A;
import static io.secretstage.ApiSlices.assertAnswer;
import static io.secretstage.ApiSlices.assertError;
import static io.secretstage.ApiSlices.send;
import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Web slice tests for {@link AccessKeyController}: the permanent access key API through
 * the contract's order of checks, behind the real security chain (tokens, and signed
 * requests with the {@link SignatureVerifier} mocked), on MockMvc, with the service
 * mocked and no database.
 */
@ApiWebMvcTest(AccessKeyController.class)
class AccessKeyControllerTests {

	private static final String CREDENTIALS = "/v3.0/OS-CREDENTIAL/credentials";

	private static final String ACCESS = "AKTEST00000000000001";

	private static final Instant CREATED = Instant.parse("2026-11-29T09:08:49.965Z");

	private static final String SIGNATURE = "SDK-HMAC-SHA256 Access=" + ACCESS
			+ ", SignedHeaders=host;x-sdk-date, Signature=0123456789abcdef";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private AccessKeyService keys;

	@Autowired
	private SignatureVerifier signatures;

	@Test
	void postThen201WithTheSecretKeyShownOnce() {
		given(this.keys.create(USER_A, "user-a", "ci"))
			.willReturn(new AccessKeyService.Created(key("ci"), "s".repeat(40)));

		MvcTestResult result = send(this.mvc, HttpMethod.POST, CREDENTIALS, TOKEN_A,
				"{\"credential\":{\"user_id\":\"user-a\",\"description\":\"ci\"}}");

		assertAnswer(result, 201, "{\"credential\":{\"access\":\"" + ACCESS + "\",\"secret\":\"" + "s".repeat(40)
				+ "\",\"status\":\"active\",\"user_id\":\"user-a\",\"create_time\":\"2026-11-29T09:08:49.965000Z\","
				+ "\"description\":\"ci\"}}");
	}

	@Test
	void postWithoutDescriptionThenAnEmptyOne() {
		given(this.keys.create(USER_A, "user-a", "")).willReturn(new AccessKeyService.Created(key(""), "s".repeat(40)));

		assertThat(send(this.mvc, HttpMethod.POST, CREDENTIALS, TOKEN_A, "{\"credential\":{\"user_id\":\"user-a\"}}"))
			.hasStatus(201);
		verify(this.keys).create(USER_A, "user-a", "");
	}

	@Test
	void postWithATokenWithoutTheWriteRoleThenAKeyForThatCaller() {
		// The key API asks for no role: a key acts with the roles of the token that
		// created it, which the service is given.
		CallerIdentity readOnly = new CallerIdentity("user-read-only", "user-read-only", PROJECT_A, Set.of(), null);
		given(this.keys.create(readOnly, "user-read-only", ""))
			.willReturn(new AccessKeyService.Created(key(""), "s".repeat(40)));

		assertThat(send(this.mvc, HttpMethod.POST, CREDENTIALS, READ_ONLY_TOKEN_A,
				"{\"credential\":{\"user_id\":\"user-read-only\"}}"))
			.hasStatus(201);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "credential | {}", "credential | {\"credential\":null}", "user_id | {\"credential\":{}}",
					"user_id | {\"credential\":{\"description\":\"ci\"}}",
					"credential.description | {\"credential\":{\"user_id\":\"user-a\",\"description\":\"\\u0000\"}}" })
	void postWhenAFieldIsMissingOrBreaksItsRuleThen400NamingIt(String field, String body) {
		assertError(send(this.mvc, HttpMethod.POST, CREDENTIALS, TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter " + field + " is invalid.");
		verifyNoInteractions(this.keys);
	}

	@Test
	void postWhenDescriptionIsTooLongThen400NamingIt() {
		String body = "{\"credential\":{\"user_id\":\"user-a\",\"description\":\"" + "d".repeat(256) + "\"}}";

		assertError(send(this.mvc, HttpMethod.POST, CREDENTIALS, TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter credential.description is invalid.");
		verifyNoInteractions(this.keys);
	}

	@Test
	void postWhenBodyIsNotJsonThen400CSMS0004() {
		assertError(send(this.mvc, HttpMethod.POST, CREDENTIALS, TOKEN_A, "{\"credential\":"), 400, "CSMS.0004",
				"The requested body format is wrong.");
		verifyNoInteractions(this.keys);
	}

	@Test
	void postForAnotherUserThenTheServicesRefusal() {
		given(this.keys.create(USER_A, "user-b", ""))
			.willThrow(new ApiException(ErrorCode.NO_PERMISSION, "A user manages only its own access keys."));

		assertError(send(this.mvc, HttpMethod.POST, CREDENTIALS, TOKEN_A, "{\"credential\":{\"user_id\":\"user-b\"}}"),
				403, "CSMS.0302", "A user manages only its own access keys.");
	}

	@Test
	void postWhenTheUserHasTwoKeysThen400CSMS0210() {
		given(this.keys.create(USER_A, "user-a", "")).willThrow(new ApiException(ErrorCode.ACCESS_KEY_LIMIT,
				"The number of access keys has reached the " + "upper limit of 2 per user."));

		assertError(send(this.mvc, HttpMethod.POST, CREDENTIALS, TOKEN_A, "{\"credential\":{\"user_id\":\"user-a\"}}"),
				400, "CSMS.0210", "The number of access keys has reached the upper limit of 2 per user.");
	}

	@Test
	void getWithoutUserIdThenTheCallersOwnKeys() {
		given(this.keys.list(USER_A, "user-a")).willReturn(List.of(key("ci")));

		assertAnswer(send(this.mvc, HttpMethod.GET, CREDENTIALS, TOKEN_A), 200,
				"{\"credentials\":[" + listed("ci") + "]}");
	}

	@Test
	void getWithUserIdThenThatUsersKeysAsTheServiceDecides() {
		given(this.keys.list(USER_A, "user-b"))
			.willThrow(new ApiException(ErrorCode.NO_PERMISSION, "A user manages only its own access keys."));

		assertError(send(this.mvc, HttpMethod.GET, CREDENTIALS + "?user_id=user-b", TOKEN_A), 403, "CSMS.0302",
				"A user manages only its own access keys.");
	}

	@Test
	void getOneThen200WithoutTheSecretKey() {
		given(this.keys.show(USER_A, ACCESS)).willReturn(key("ci"));

		assertAnswer(send(this.mvc, HttpMethod.GET, CREDENTIALS + "/" + ACCESS, TOKEN_A), 200,
				"{\"credential\":" + listed("ci") + "}");
	}

	@Test
	void getOneWhenMissingThen404CSMS0005() {
		given(this.keys.show(USER_A, ACCESS)).willThrow(new ApiException(ErrorCode.RESOURCE_NOT_FOUND));

		assertError(send(this.mvc, HttpMethod.GET, CREDENTIALS + "/" + ACCESS, TOKEN_A), 404, "CSMS.0005",
				"The resource does not exist.");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "not-an-access-key", "aktest00000000000001", "AKTEST0000000000001", "AKTEST000000000000001" })
	void getOneWhenAccessKeyBreaksItsPatternThen400NamingIt(String access) {
		assertError(send(this.mvc, HttpMethod.GET, CREDENTIALS + "/" + access, TOKEN_A), 400, "CSMS.0002",
				"The value of parameter access_key is invalid.");
		verifyNoInteractions(this.keys);
	}

	@Test
	void putThen200WithTheKeyAsChanged() {
		AccessKey changed = key("ci");
		changed.setStatus("inactive");
		given(this.keys.update(USER_A, ACCESS, "inactive", null)).willReturn(changed);

		MvcTestResult result = send(this.mvc, HttpMethod.PUT, CREDENTIALS + "/" + ACCESS, TOKEN_A,
				"{\"credential\":{\"status\":\"inactive\"}}");

		assertAnswer(result, 200, "{\"credential\":" + listed("ci").replace("active", "inactive") + "}");
	}

	@Test
	void putWhenStatusIsNeitherActiveNorInactiveThen400NamingIt() {
		assertError(
				send(this.mvc, HttpMethod.PUT, CREDENTIALS + "/" + ACCESS, TOKEN_A,
						"{\"credential\":{\"status\":\"paused\"}}"),
				400, "CSMS.0002", "The value of parameter credential.status is invalid.");
		verifyNoInteractions(this.keys);
	}

	@Test
	void putWhenAccessKeyBreaksItsPatternThen400NamingIt() {
		assertError(
				send(this.mvc, HttpMethod.PUT, CREDENTIALS + "/not-an-access-key", TOKEN_A,
						"{\"credential\":{\"status\":\"active\"}}"),
				400, "CSMS.0002", "The value of parameter access_key is invalid.");
		verifyNoInteractions(this.keys);
	}

	@Test
	void deleteThen204WithoutABody() {
		assertAnswer(this.mvc.delete().uri(CREDENTIALS + "/" + ACCESS).header("X-Auth-Token", TOKEN_A).exchange(), 204,
				"");
		verify(this.keys).delete(USER_A, ACCESS);
	}

	@Test
	void requestWithoutCredentialsThen401WithoutTheService() {
		assertError(send(this.mvc, HttpMethod.GET, CREDENTIALS, null), 401, "APIGW.0301", NO_CREDENTIALS);
		assertError(send(this.mvc, HttpMethod.GET, CREDENTIALS + "/not-an-access-key", null), 401, "APIGW.0301",
				NO_CREDENTIALS);
		assertError(send(this.mvc, HttpMethod.GET, "/v3.0/OS-CREDENTIAL/no-such-resource", null), 401, "APIGW.0301",
				NO_CREDENTIALS);
		verifyNoInteractions(this.keys, this.signatures);
	}

	@Test
	void requestWithAnUnknownTokenThen401() {
		assertError(send(this.mvc, HttpMethod.GET, CREDENTIALS, "x".repeat(40)), 401, "APIGW.0301", INVALID_TOKEN);
		verifyNoInteractions(this.keys);
	}

	@Test
	void requestToAnUnknownRouteUnderV3Then404OnceTheTokenIsValid() {
		assertError(send(this.mvc, HttpMethod.GET, "/v3.0/OS-CREDENTIAL/no-such-resource", TOKEN_A), 404, "APIGW.0101",
				"The API does not exist.");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "PATCH | /" + ACCESS + " | GET, PUT, DELETE",
			"POST | /" + ACCESS + " | GET, PUT, DELETE", "DELETE |  | GET, POST", "PUT |  | GET, POST" })
	void methodTheRouteLacksThen405WithAllow(String method, @Nullable String tail, String allowed) {
		MvcTestResult result = this.mvc.method(HttpMethod.valueOf(method))
			.uri(CREDENTIALS + ((tail != null) ? tail : ""))
			.header("X-Auth-Token", TOKEN_A)
			.exchange();

		assertError(result, 405, "CSMS.0003", "The request is invalid.");
		assertThat(String.valueOf(result.getResponse().getHeader("Allow")).split(",\\s*"))
			.containsExactlyInAnyOrder(allowed.split(",\\s*"));
		verifyNoInteractions(this.keys);
	}

	@Test
	void signedRequestThenTheIdentityOfItsKey() {
		given(this.signatures.verify(any(HttpServletRequest.class), any(byte[].class))).willReturn(USER_A);
		given(this.keys.list(USER_A, "user-a")).willReturn(List.of());

		MvcTestResult result = this.mvc.get().uri(CREDENTIALS).header("Authorization", SIGNATURE).exchange();

		assertAnswer(result, 200, "{\"credentials\":[]}");
	}

	@Test
	void signedRequestWhoseSignatureFailsThen401SayingWhy() {
		given(this.signatures.verify(any(HttpServletRequest.class), any(byte[].class)))
			.willThrow(CredentialsRefusedException.because(ErrorCode.INVALID_TOKEN, "verify aksk signature fail."));

		MvcTestResult result = this.mvc.get().uri(CREDENTIALS).header("Authorization", SIGNATURE).exchange();

		assertError(result, 401, "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail.");
		verifyNoInteractions(this.keys);
	}

	@Test
	void requestWithATokenAndASignatureThenTheTokenAndTheSignatureIgnored() {
		given(this.keys.list(USER_A, "user-a")).willReturn(List.of());

		MvcTestResult result = this.mvc.get()
			.uri(CREDENTIALS)
			.header("X-Auth-Token", TOKEN_A)
			.header("Authorization", SIGNATURE)
			.exchange();

		assertAnswer(result, 200, "{\"credentials\":[]}");
		verifyNoInteractions(this.signatures);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer abc", "V11-HMAC-SHA256 Access=x", "SDK-HMAC-SM3 Access=x" })
	void requestWithAnotherAuthorizationSchemeThen401NamingTheOnlyOne(String authorization) {
		MvcTestResult result = this.mvc.get().uri(CREDENTIALS).header("Authorization", authorization).exchange();

		assertError(result, 401, "APIGW.0301", "Incorrect IAM authentication information: the Authorization header "
				+ "is not an SDK-HMAC-SHA256 signature, the only scheme accepted.");
		verifyNoInteractions(this.keys, this.signatures);
	}

	@Test
	void signedRequestWithTemporaryCredentialsThen401() {
		MvcTestResult result = this.mvc.get()
			.uri(CREDENTIALS)
			.header("Authorization", SIGNATURE)
			.header("X-Security-Token", "temporary")
			.exchange();

		assertError(result, 401, "APIGW.0301", "Incorrect IAM authentication information: temporary security "
				+ "credentials (X-Security-Token) are not supported; use a permanent access key.");
		verifyNoInteractions(this.keys, this.signatures);
	}

	private static AccessKey key(String description) {
		return new AccessKey(ACCESS, "user-a", "user-a", PROJECT_A, Set.of("csms-writer"), description,
				new EnvelopeCipher.Sealed("test-key-1", new byte[12], new byte[12]), CREATED);
	}

	/** A key as listed, changed or shown before its first use. */
	private static String listed(String description) {
		return "{\"access\":\"" + ACCESS + "\",\"status\":\"active\",\"user_id\":\"user-a\","
				+ "\"create_time\":\"2026-11-29T09:08:49.965000Z\",\"description\":\"" + description + "\"}";
	}

}
