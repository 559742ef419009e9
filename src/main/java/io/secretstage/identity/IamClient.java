package io.secretstage.identity;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.secretstage.error.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Speaks Keystone v3's token API ({@code /v3/auth/tokens}) to the identity service, as
 * Huawei IAM and OpenStack Keystone both serve it. Every failure to get a usable answer
 * becomes a {@link CredentialsRefusedException} with 502 or 504: a connection refused, a
 * connect timeout and a read timeout are all 504 ("did not answer"); an error status, a
 * broken connection or a body that is not a token are 502.
 * <p>
 * The calls go through Spring's {@link RestClient}, over the JDK's {@link HttpClient}
 * ({@link JdkClientHttpRequestFactory}), rather than the JDK client alone: the builder it
 * is given carries the application's {@code ObservationRegistry}, so every call is
 * observed as Spring's other HTTP clients are, and measured as the timer
 * {@code http.client.requests} with the tags {@code method}, {@code uri} (the template,
 * {@code /v3/auth/tokens?nocatalog=true}, never a token), {@code status},
 * {@code outcome}, {@code exception} and {@code client.name}, next to the server's
 * {@code http.server.requests}. The status handling stays here: RestClient's own is
 * bypassed ({@code exchange}), so that 404 and 401 are answers, not exceptions.
 */
final class IamClient {

	private static final String TOKENS = "/v3/auth/tokens?nocatalog=true";

	private static final String SUBJECT_TOKEN = "X-Subject-Token";

	private static final Logger logger = LoggerFactory.getLogger(IamClient.class);

	private final RestClient http;

	private final byte[] passwordAuthentication;

	private final JsonMapper json;

	private final CircuitBreaker breaker;

	/** What the last failed call ended in: the error of the calls refused while open. */
	private volatile ErrorCode lastFailure = ErrorCode.IAM_TIMEOUT;

	/**
	 * Create a client of the identity service.
	 * @param properties where the identity service is, how long to wait for it, and the
	 * service's own account there
	 * @param http a builder of its own (Boot's, which observes the calls); its base URL
	 * and request factory are set here
	 * @param json reads the tokens and writes the service's own authentication
	 * @param breaker the circuit to the identity service
	 */
	IamClient(IamProperties properties, RestClient.Builder http, JsonMapper json, CircuitBreaker breaker) {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
		requestFactory.setReadTimeout(properties.readTimeout());
		// The requests of the JDK client alone: without Spring's Accept-Encoding.
		requestFactory.enableCompression(false);
		this.http = http.baseUrl(properties.baseUrl().toString().replaceAll("/+$", ""))
			.requestFactory(requestFactory)
			.build();
		this.json = json;
		this.breaker = breaker;
		this.passwordAuthentication = json.writeValueAsBytes(passwordAuthentication(properties));
	}

	/**
	 * Get a token for the service itself, with its password.
	 * @return the service's new token
	 */
	IssuedToken issueServiceToken() {
		return call(this::issue);
	}

	private IssuedToken issue() {
		Answer answer = send(
				this.http.post().uri(TOKENS).contentType(MediaType.APPLICATION_JSON).body(this.passwordAuthentication));
		String subjectToken = answer.subjectToken();
		String token = (subjectToken != null) ? subjectToken : "";
		if ((answer.status() != 201 && answer.status() != 200) || token.isEmpty()) {
			throw badResponse(answer.status() + " to the service's own authentication");
		}
		return new IssuedToken(token, parse(answer.body()).expiresAt());
	}

	/**
	 * Ask the identity service about a caller's token.
	 * @param serviceToken the service's own token
	 * @param subjectToken the caller's token
	 * @return the identity, or why there is none
	 */
	Validation validate(String serviceToken, String subjectToken) {
		return call(() -> ask(serviceToken, subjectToken));
	}

	/**
	 * Make a call through the circuit breaker: each failure (an exception) is logged
	 * once, here; while the circuit is open calls fail at once, with the last failure's
	 * error, and are not logged. Tokens already in the verifier's cache never get here.
	 * @param <T> what the call answers
	 * @param call the call to the identity service
	 * @return what the call answered
	 */
	private <T> T call(Supplier<T> call) {
		try {
			return this.breaker.executeSupplier(call);
		}
		catch (CallNotPermittedException ex) {
			throw new CredentialsRefusedException(this.lastFailure,
					"The identity service keeps failing; not calling it for now", null);
		}
		catch (RuntimeException ex) {
			ErrorCode code = (ex instanceof CredentialsRefusedException failure) ? failure.errorCode()
					: ErrorCode.IAM_BAD_RESPONSE;
			logger.warn("A call to the identity service failed ({}): {}", code.code(), ex.getMessage());
			this.lastFailure = code;
			throw ex;
		}
	}

	private Validation ask(String serviceToken, String subjectToken) {
		Answer answer = send(
				this.http.get().uri(TOKENS).header("X-Auth-Token", serviceToken).header(SUBJECT_TOKEN, subjectToken));
		return switch (answer.status()) {
			case 200 -> new Validation.Valid(parse(answer.body()));
			case 404 -> new Validation.Rejected();
			case 401 -> new Validation.ServiceTokenRejected();
			default -> throw badResponse(answer.status() + " to a token validation");
		};
	}

	/**
	 * Make the request and read the whole answer, whatever its status: RestClient's
	 * status handling is bypassed, and the answer is judged by the caller. Only a call
	 * without an answer is an exception here, with the JDK client's I/O exception as the
	 * cause of RestClient's {@link ResourceAccessException}.
	 * @param request the request to make
	 * @return the answer
	 */
	private static Answer send(RestClient.RequestHeadersSpec<?> request) {
		try {
			return request.exchangeForRequiredValue((req, response) -> new Answer(response.getStatusCode().value(),
					response.getHeaders().getFirst(SUBJECT_TOKEN), response.getBody().readAllBytes()));
		}
		catch (ResourceAccessException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof HttpTimeoutException || cause instanceof ConnectException) {
				throw new CredentialsRefusedException(ErrorCode.IAM_TIMEOUT, "The identity service did not answer",
						cause);
			}
			if (cause != null && cause.getCause() instanceof InterruptedException) {
				throw new CredentialsRefusedException(ErrorCode.IAM_TIMEOUT,
						"Interrupted waiting for the identity service", cause);
			}
			throw new CredentialsRefusedException(ErrorCode.IAM_BAD_RESPONSE, "The identity service broke off",
					(cause != null) ? cause : ex);
		}
	}

	/**
	 * Read a token body, in Huawei's shape or Keystone's: only the fields that make an
	 * identity are required.
	 * @param body the body of a token validation that answered 200
	 * @return the identity the token stands for
	 */
	private CallerIdentity parse(byte[] body) {
		JsonNode token;
		try {
			token = this.json.readTree(body).path("token");
		}
		catch (JacksonException ex) {
			throw badResponse("a body that is not JSON");
		}
		String userId = text(token.path("user").path("id"));
		String expiresAt = text(token.path("expires_at"));
		if (userId == null || expiresAt == null) {
			throw badResponse("a token without user id or expiry");
		}
		String userName = text(token.path("user").path("name"));
		Set<String> roles = new LinkedHashSet<>();
		token.path("roles").forEach((role) -> {
			String name = text(role.path("name"));
			if (name != null) {
				roles.add(name);
			}
		});
		return new CallerIdentity(userId, (userName != null) ? userName : userId,
				text(token.path("project").path("id")), roles, instant(expiresAt));
	}

	private static @Nullable String text(JsonNode node) {
		return (node.isString() && !node.asString().isEmpty()) ? node.asString() : null;
	}

	/**
	 * Keystone writes {@code 2026-11-29T09:08:49.965000Z}; accept a bare UTC time too.
	 * @param value the token's {@code expires_at}
	 * @return the time it names
	 */
	private static Instant instant(String value) {
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException notLocal) {
				throw badResponse("a token with an unreadable expiry");
			}
		}
	}

	private static CredentialsRefusedException badResponse(String what) {
		return new CredentialsRefusedException(ErrorCode.IAM_BAD_RESPONSE, "The identity service answered with " + what,
				null);
	}

	private static Map<String, Object> passwordAuthentication(IamProperties properties) {
		Map<String, Object> user = Map.of("name", properties.username(), "password", properties.password(), "domain",
				Map.of("name", properties.userDomain()));
		Map<String, Object> scope = (properties.projectId() != null)
				? Map.of("project", Map.of("id", properties.projectId()))
				: Map.of("domain", Map.of("name", String.valueOf(properties.domain())));
		return Map.of("auth", Map.of("identity",
				Map.of("methods", List.of("password"), "password", Map.of("user", user)), "scope", scope));
	}

	/**
	 * What the identity service answered, whatever the status.
	 *
	 * @param status the status code
	 * @param subjectToken the {@code X-Subject-Token} header, if any
	 * @param body the whole body
	 */
	private record Answer(int status, @Nullable String subjectToken, byte[] body) {

	}

	/**
	 * A token the identity service issued to this service.
	 *
	 * @param value the token
	 * @param expiresAt when it expires
	 */
	record IssuedToken(String value, Instant expiresAt) {

		@Override
		public String toString() {
			return "IssuedToken[expiresAt=" + this.expiresAt + "]";
		}

	}

	/** What the identity service said of a caller's token. */
	sealed interface Validation {

		/**
		 * The token is valid and stands for this identity.
		 *
		 * @param identity the caller the token stands for
		 */
		record Valid(CallerIdentity identity) implements Validation {
		}

		/** The token is invalid, expired or revoked. */
		record Rejected() implements Validation {
		}

		/** The service's own token was refused: get a new one. */
		record ServiceTokenRejected() implements Validation {
		}

	}

}
