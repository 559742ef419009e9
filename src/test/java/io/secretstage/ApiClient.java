package io.secretstage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls of the API that the full-stack tests make most, over {@link RestTestClient}:
 * each with an {@code X-Auth-Token}, and a JSON body where there is one. Paths are sent
 * as given, already encoded. Thread-safe, for sequential and concurrent calls alike.
 */
public final class ApiClient {

	private static final JsonMapper json = JsonMapper.shared();

	private final RestTestClient client;

	/**
	 * Calls through a client, such as the one of the shared test context of
	 * {@link ApiTest}.
	 * @param client the client
	 */
	public ApiClient(RestTestClient client) {
		this.client = client;
	}

	/**
	 * Calls to a service on a loopback port: an instance that a test started itself, or a
	 * management port.
	 * @param port the port
	 */
	public ApiClient(int port) {
		this(bindTo(port));
	}

	/**
	 * A client of a service on a loopback port, over HTTP/1.1 with the JDK's HTTP client.
	 * @param port the port
	 * @return the client
	 */
	public static RestTestClient bindTo(int port) {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		return RestTestClient.bindToServer(new JdkClientHttpRequestFactory(http))
			.baseUrl("http://127.0.0.1:" + port)
			.build();
	}

	/**
	 * A client of a service on a loopback port over a JDK HTTP client, that gives up a
	 * request the service has not answered in time. It closes each answer once it is
	 * read: RestTestClient leaves answers open, and the request factory would keep each
	 * open one, with its request, until its time was up (at thousands of requests a
	 * second, a growth of the heap that a soak would take for a leak).
	 * @param port the port
	 * @param http the JDK's client
	 * @param timeout how long to wait for an answer
	 * @return the client
	 */
	public static RestTestClient bindTo(int port, HttpClient http, Duration timeout) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(timeout);
		return RestTestClient.bindToServer(requests)
			.baseUrl("http://127.0.0.1:" + port)
			.requestInterceptor(ApiClient::readWholeAndClose)
			.build();
	}

	/**
	 * Read an answer whole into the buffer that RestTestClient keeps of each (and reads
	 * from afterwards), and close it.
	 * @param request the request
	 * @param body its body
	 * @param execution what sends it
	 * @return the answer, read
	 * @throws IOException if it cannot be sent or read
	 */
	private static ClientHttpResponse readWholeAndClose(HttpRequest request, byte[] body,
			ClientHttpRequestExecution execution) throws IOException {
		ClientHttpResponse response = execution.execute(request, body);
		response.getBody();
		response.close();
		return response;
	}

	public Reply get(String path, String token) {
		return send(HttpMethod.GET, path, Map.of("X-Auth-Token", token), null);
	}

	public Reply post(String path, String token, Object body) {
		return send(HttpMethod.POST, path, Map.of("X-Auth-Token", token),
				(body instanceof String text) ? text : json.writeValueAsString(body));
	}

	public Reply put(String path, String token, Object body) {
		return send(HttpMethod.PUT, path, Map.of("X-Auth-Token", token),
				(body instanceof String text) ? text : json.writeValueAsString(body));
	}

	public Reply delete(String path, String token) {
		return send(HttpMethod.DELETE, path, Map.of("X-Auth-Token", token), null);
	}

	/**
	 * Send a request with these headers besides the client's own.
	 * @param method the method
	 * @param path the path and query, as they go on the wire
	 * @param headers the headers
	 * @param body a JSON body, or {@code null} for none
	 * @return the response
	 */
	public Reply send(HttpMethod method, String path, Map<String, String> headers, @Nullable String body) {
		RestTestClient.RequestBodySpec request = this.client.method(method)
			.uri(URI.create(path))
			.headers((all) -> headers.forEach(all::set));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return Reply.of(request.exchange().expectBody(String.class).returnResult());
	}

	/**
	 * A response.
	 *
	 * @param status the status
	 * @param headers the headers
	 * @param body the body as text
	 */
	public record Reply(int status, HttpHeaders headers, String body) implements ApiErrors.Answer {

		/**
		 * The response of a {@link RestTestClient} exchange.
		 * @param result the exchange
		 * @return the response
		 */
		public static Reply of(EntityExchangeResult<String> result) {
			return new Reply(result.getStatus().value(), result.getResponseHeaders(),
					Objects.requireNonNullElse(result.getResponseBody(), ""));
		}

		public JsonNode json() {
			return ApiClient.json.readTree(this.body);
		}

		public @Nullable String header(String name) {
			return this.headers.getFirst(name);
		}

		@Override
		public List<String> headerValues(String name) {
			return Objects.requireNonNullElse(this.headers.get(name), List.of());
		}

		/** Assert a success with the contract's content type, and return the body. */
		public JsonNode assertOk(int expectedStatus) {
			assertThat(this.status).as(this.body).isEqualTo(expectedStatus);
			assertThat(header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
			return this.body.isEmpty() ? json.missingNode() : json();
		}

		/**
		 * Assert an error of the contract, with {@link ApiErrors}.
		 * @param expectedStatus the expected status
		 * @param errorCode the expected {@code error_code}
		 * @return the body
		 */
		public JsonNode assertError(int expectedStatus, String errorCode) {
			return ApiErrors.assertError(this, expectedStatus, errorCode);
		}

		/**
		 * Assert an error of the contract and its message, with {@link ApiErrors}.
		 * @param expectedStatus the expected status
		 * @param errorCode the expected {@code error_code}
		 * @param errorMsg the expected {@code error_msg}
		 * @return the body
		 */
		public JsonNode assertError(int expectedStatus, String errorCode, String errorMsg) {
			return ApiErrors.assertError(this, expectedStatus, errorCode, errorMsg);
		}

	}

}
