package io.secretstage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small HTTP client for the full-stack tests of the write operations: real HTTP on
 * loopback, thread-safe, for sequential and concurrent calls alike.
 */
public final class ApiClient {

	private static final JsonMapper json = JsonMapper.shared();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final String base;

	public ApiClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public Reply get(String path, String token) {
		return send("GET", path, token, null);
	}

	public Reply post(String path, String token, Object body) {
		return send("POST", path, token, (body instanceof String text) ? text : json.writeValueAsString(body));
	}

	public Reply put(String path, String token, Map<String, ?> body) {
		return send("PUT", path, token, json.writeValueAsString(body));
	}

	public Reply delete(String path, String token) {
		return send("DELETE", path, token, null);
	}

	private Reply send(String method, String path, String token, @Nullable String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("X-Auth-Token", token);
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response.
	 *
	 * @param status the status
	 * @param headers the headers, by lowercase name
	 * @param body the body as text
	 */
	public record Reply(int status, Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return ApiClient.json.readTree(this.body);
		}

		public @Nullable String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

		/** Assert a success with the contract's content type, and return the body. */
		public JsonNode assertOk(int expectedStatus) {
			assertThat(this.status).as(this.body).isEqualTo(expectedStatus);
			assertThat(header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
			return this.body.isEmpty() ? json.missingNode() : json();
		}

		/** Assert an error of the contract. */
		public void assertError(int expectedStatus, String errorCode) {
			assertThat(this.status).as(this.body).isEqualTo(expectedStatus);
			assertThat(header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
			assertThat(json().get("error_code").asString()).isEqualTo(errorCode);
		}

	}

}
