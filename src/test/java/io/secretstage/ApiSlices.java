package io.secretstage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import io.secretstage.identity.CallerIdentity;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests of the web slice tests of the API, and what they expect of every answer:
 * the contract's content type, a request id, and the error body exactly.
 */
public final class ApiSlices {

	/**
	 * The message of a request under {@code /v1/} or {@code /v3.0/} without credentials.
	 */
	public static final String NO_CREDENTIALS = "Incorrect IAM authentication information: "
			+ "the request has neither an X-Auth-Token nor an SDK-HMAC-SHA256 signature.";

	/** The message of a token that is malformed or unknown. */
	public static final String INVALID_TOKEN = "Incorrect IAM authentication information.";

	/** The message of a caller refused by project or role. */
	public static final String NO_PERMISSION = "The user role has no permission to access the resource.";

	/** Who {@link TestTokens#TOKEN_A} stands for, as the static verifier makes it. */
	public static final CallerIdentity USER_A = new CallerIdentity("user-a", "user-a", TestTokens.PROJECT_A,
			Set.of("csms-writer"), null);

	private ApiSlices() {
	}

	/**
	 * Send a request without a body.
	 * @param mvc the slice
	 * @param method the method
	 * @param path the path and query, as sent: escapes in it are not encoded again
	 * @param token the {@code X-Auth-Token}, or {@code null} for none
	 * @return the answer
	 */
	public static MvcTestResult send(MockMvcTester mvc, HttpMethod method, String path, @Nullable String token) {
		return mvc.method(method).uri(URI.create(path)).headers((headers) -> {
			if (token != null) {
				headers.set("X-Auth-Token", token);
			}
		}).exchange();
	}

	/**
	 * Send a request with a JSON body.
	 * @param mvc the slice
	 * @param method the method
	 * @param path the path and query, as sent
	 * @param token the {@code X-Auth-Token}
	 * @param body the body, as sent
	 * @return the answer
	 */
	public static MvcTestResult send(MockMvcTester mvc, HttpMethod method, String path, String token, String body) {
		return mvc.method(method)
			.uri(URI.create(path))
			.header("X-Auth-Token", token)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	/**
	 * Assert the contract's error answer, as {@link ApiErrors} does for every client,
	 * with its message exactly.
	 * @param result the answer
	 * @param status the expected status
	 * @param errorCode the expected {@code error_code}
	 * @param errorMsg the expected {@code error_msg}
	 */
	public static void assertError(MvcTestResult result, int status, String errorCode, String errorMsg) {
		MockHttpServletResponse response = result.getResponse();
		ApiErrors.assertError(new ApiErrors.Answer() {

			@Override
			public int status() {
				return response.getStatus();
			}

			@Override
			public List<String> headerValues(String name) {
				return response.getHeaders(name);
			}

			@Override
			public String body() {
				return new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
			}

		}, status, errorCode, errorMsg);
	}

	/**
	 * Assert a successful answer: its status, the contract's content type and a request
	 * id, and its body exactly as the contract spells it.
	 * @param result the answer
	 * @param status the expected status
	 * @param body the expected body, character for character
	 */
	public static void assertAnswer(MvcTestResult result, int status, String body) {
		assertThat(result).hasStatus(status).headers().hasValue("Content-Type", ApiErrors.JSON);
		assertThat(result.getResponse().getHeader("X-Request-Id")).matches("[0-9a-f]{32}");
		assertThat(result).bodyText().isEqualTo(body);
	}

}
