package io.secretstage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assertion of the contract's error answers, the same for every way a test sends a
 * request: through {@link RestTestClient} (directly or through {@link ApiClient}) or over
 * a raw socket.
 */
public final class ApiErrors {

	/** The content type of every answer of the contract. */
	public static final String JSON = "application/json;charset=UTF-8";

	private ApiErrors() {
	}

	/**
	 * Assert an error answer of the contract: the status; the content type, once;
	 * {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}, and no
	 * {@code Server}; an {@code X-Request-Id} of 32 hex digits, once; and a body of
	 * exactly the strings {@code error_code}, {@code error_msg} and {@code request_id},
	 * with the expected code, a message of 2 to 512 characters and the header's request
	 * id.
	 * @param answer the answer
	 * @param status the expected status
	 * @param errorCode the expected {@code error_code}
	 * @return the body
	 */
	public static JsonNode assertError(Answer answer, int status, String errorCode) {
		return assertError(answer, status, errorCode, null);
	}

	/**
	 * Assert an error answer of the contract as {@link #assertError(Answer, int, String)}
	 * does, and its message exactly.
	 * @param answer the answer
	 * @param status the expected status
	 * @param errorCode the expected {@code error_code}
	 * @param errorMsg the expected {@code error_msg}, or {@code null} for any of 2 to 512
	 * characters
	 * @return the body
	 */
	public static JsonNode assertError(Answer answer, int status, String errorCode, @Nullable String errorMsg) {
		assertThat(answer.status()).as("status of the answer %s", answer.body()).isEqualTo(status);
		assertThat(answer.headerValues("Content-Type")).as("Content-Type").containsExactly(JSON);
		assertThat(answer.headerValues("Server")).as("Server").isEmpty();
		assertThat(answer.headerValues("X-Content-Type-Options")).as("X-Content-Type-Options")
			.containsExactly("nosniff");
		assertThat(answer.headerValues("Cache-Control")).as("Cache-Control").containsExactly("no-store");
		List<String> requestIds = answer.headerValues("X-Request-Id");
		assertThat(requestIds).as("X-Request-Id").hasSize(1);
		String requestId = requestIds.get(0);
		assertThat(requestId).as("X-Request-Id").matches("[0-9a-f]{32}");
		JsonNode body = JsonMapper.shared().readTree(answer.body());
		assertThat(body.propertyNames()).as("fields of %s", body)
			.containsExactlyInAnyOrder("error_code", "error_msg", "request_id");
		body.properties().forEach((field) -> assertThat(field.getValue().isString()).as(field.getKey()).isTrue());
		assertThat(body.get("error_code").asString()).as("error_code").isEqualTo(errorCode);
		String message = body.get("error_msg").asString();
		if (errorMsg != null) {
			assertThat(message).as("error_msg").isEqualTo(errorMsg);
		}
		assertThat(message).as("error_msg").hasSizeBetween(2, 512);
		assertThat(body.get("request_id").asString()).as("request_id").isEqualTo(requestId);
		return body;
	}

	/**
	 * Assert an error answer of the contract, as
	 * {@link #assertError(Answer, int, String)} does.
	 * @param result the answer, from {@link RestTestClient}
	 * @param status the expected status
	 * @param errorCode the expected {@code error_code}
	 * @return the body
	 */
	public static JsonNode assertError(ExchangeResult result, int status, String errorCode) {
		return assertError(answer(result), status, errorCode, null);
	}

	/**
	 * Assert an error answer of the contract and its message, as
	 * {@link #assertError(Answer, int, String, String)} does.
	 * @param result the answer, from {@link RestTestClient}
	 * @param status the expected status
	 * @param errorCode the expected {@code error_code}
	 * @param errorMsg the expected {@code error_msg}
	 * @return the body
	 */
	public static JsonNode assertError(ExchangeResult result, int status, String errorCode, String errorMsg) {
		return assertError(answer(result), status, errorCode, errorMsg);
	}

	/**
	 * An answer of {@link RestTestClient} as these assertions read it.
	 * @param result the answer
	 * @return its status, headers and body
	 */
	public static Answer answer(ExchangeResult result) {
		String body = new String(Objects.requireNonNullElse(result.getResponseBodyContent(), new byte[0]),
				StandardCharsets.UTF_8);
		return new Answer() {

			@Override
			public int status() {
				return result.getStatus().value();
			}

			@Override
			public List<String> headerValues(String name) {
				return Objects.requireNonNullElse(result.getResponseHeaders().get(name), List.of());
			}

			@Override
			public String body() {
				return body;
			}

		};
	}

	/**
	 * An HTTP answer, whichever client received it.
	 */
	public interface Answer {

		/**
		 * The status.
		 * @return the status code
		 */
		int status();

		/**
		 * Every value of a header, as received.
		 * @param name the header's name, in any case
		 * @return its values, none if it is missing
		 */
		List<String> headerValues(String name);

		/**
		 * The body.
		 * @return the body as text, empty if there is none
		 */
		String body();

	}

}
