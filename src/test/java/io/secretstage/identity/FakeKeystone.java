package io.secretstage.identity;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An identity service on loopback that behaves like Keystone v3 for the calls this
 * service makes: it issues tokens (the service's own with its password, callers' ones on
 * the test's request), validates them, answers 404 for unknown or revoked ones and 401
 * for a refused service token, and can be told to fail: with 5xx, garbage, a body without
 * a user, a broken connection, silence, or by going down.
 */
final class FakeKeystone {

	static final String SERVICE_USER = "csms-service";

	static final String SERVICE_PASSWORD = "service-password-do-not-log";

	enum Mode {

		NORMAL, SERVER_ERROR, GARBAGE, NO_USER_ID, BROKEN_CONNECTION, SILENT, REFUSE_SERVICE_TOKENS

	}

	private static final JsonMapper json = JsonMapper.shared();

	private static final SecureRandom random = new SecureRandom();

	/**
	 * Both write six fractional digits and a Z: Huawei's carry milliseconds, Keystone's
	 * none.
	 */
	private static final DateTimeFormatter HUAWEI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final Map<String, String> callerTokens = new ConcurrentHashMap<>();

	private final Set<String> serviceTokens = ConcurrentHashMap.newKeySet();

	private final AtomicInteger validations = new AtomicInteger();

	private final AtomicInteger issues = new AtomicInteger();

	private final int port;

	private volatile HttpServer server;

	private volatile Mode mode = Mode.NORMAL;

	private volatile Duration delay = Duration.ZERO;

	private FakeKeystone(HttpServer server) {
		this.server = server;
		this.port = server.getAddress().getPort();
	}

	static FakeKeystone start() {
		FakeKeystone keystone = new FakeKeystone(bind(0));
		keystone.serve();
		return keystone;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port + "/";
	}

	/** Forget the failure mode, the delay and the counts (not the tokens). */
	void reset() {
		this.mode = Mode.NORMAL;
		this.delay = Duration.ZERO;
		this.validations.set(0);
		this.issues.set(0);
	}

	void mode(Mode mode) {
		this.mode = mode;
	}

	/** Answer every call this much later. */
	void delay(Duration delay) {
		this.delay = delay;
	}

	int validations() {
		return this.validations.get();
	}

	int issues() {
		return this.issues.get();
	}

	Set<String> serviceTokens() {
		return Set.copyOf(this.serviceTokens);
	}

	/**
	 * A project-scoped token in Huawei IAM's shape: role ids "0", empty password expiry.
	 */
	String issueHuaweiToken(String projectId, Set<String> roles, Instant expiresAt) {
		List<Map<String, Object>> roleList = roles.stream()
			.map((name) -> Map.<String, Object>of("id", "0", "name", name))
			.toList();
		Map<String, Object> domain = Map.of("id", "d0000000000000000000000000000001", "name", "tenant-domain");
		return remember(Map.of("token", Map.of("expires_at", huaweiTime(expiresAt), "issued_at",
				huaweiTime(Instant.now()), "methods", List.of("password"), "catalog", List.of(), "roles", roleList,
				"project", Map.of("id", projectId, "name", "cn-north-4", "domain", domain), "user",
				Map.of("id", "u-huawei-1", "name", "huawei-user", "password_expires_at", "", "domain", domain))));
	}

	/** A project-scoped token in Keystone's shape: real role ids, audit ids, nulls. */
	String issueKeystoneToken(String projectId, Set<String> roles, Instant expiresAt) {
		List<Map<String, Object>> roleList = roles.stream()
			.map((name) -> Map.<String, Object>of("id", "9fe2ff9ee4384b1894a90878d3e92bab", "name", name))
			.toList();
		Map<String, Object> domain = Map.of("id", "default", "name", "Default");
		HashMap<String, Object> user = new HashMap<>(
				Map.of("id", "u-keystone-1", "name", "keystone-user", "domain", domain));
		user.put("password_expires_at", null);
		return remember(Map.of("token",
				Map.of("audit_ids", List.of("mAjXQhiYRyKwkB4qygdLVg"), "expires_at", keystoneTime(expiresAt),
						"issued_at", keystoneTime(Instant.now()), "methods", List.of("password"), "is_domain", false,
						"roles", roleList, "project", Map.of("id", projectId, "name", "demo", "domain", domain), "user",
						user)));
	}

	/** A domain-scoped token: it names a domain and no project. */
	String issueDomainToken(Set<String> roles, Instant expiresAt) {
		List<Map<String, Object>> roleList = roles.stream()
			.map((name) -> Map.<String, Object>of("id", "0", "name", name))
			.toList();
		return remember(Map.of("token",
				Map.of("expires_at", huaweiTime(expiresAt), "methods", List.of("password"), "roles", roleList, "domain",
						Map.of("id", "d0000000000000000000000000000001", "name", "tenant-domain"), "user",
						Map.of("id", "u-domain-1", "name", "domain-user"))));
	}

	void revoke(String token) {
		this.callerTokens.remove(token);
	}

	void revokeServiceTokens() {
		this.serviceTokens.clear();
	}

	void stop() {
		this.server.stop(0);
	}

	void restart() {
		this.server = bind(this.port);
		serve();
	}

	private String remember(Map<String, Object> body) {
		String token = newToken();
		this.callerTokens.put(token, json.writeValueAsString(body));
		return token;
	}

	private void serve() {
		this.server.createContext("/v3/auth/tokens", this::handle);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.start();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (exchange.getRequestMethod().equals("POST")) {
				issueServiceToken(exchange);
			}
			else {
				validate(exchange);
			}
		}
	}

	private void issueServiceToken(HttpExchange exchange) throws IOException {
		this.issues.incrementAndGet();
		sleep(this.delay);
		JsonNode user = json.readTree(exchange.getRequestBody()).at("/auth/identity/password/user");
		if (!SERVICE_USER.equals(user.path("name").asString())
				|| !SERVICE_PASSWORD.equals(user.path("password").asString())) {
			respond(exchange, 401,
					"{\"error\":{\"code\":401,\"message\":\"The request you have made requires authentication.\"}}");
			return;
		}
		String token = newToken();
		this.serviceTokens.add(token);
		exchange.getResponseHeaders().add("X-Subject-Token", token);
		respond(exchange, 201,
				json.writeValueAsString(Map.of("token",
						Map.of("expires_at", huaweiTime(Instant.now().plus(1, ChronoUnit.HOURS)), "methods",
								List.of("password"), "user", Map.of("id", "u-service", "name", SERVICE_USER)))));
	}

	private void validate(HttpExchange exchange) throws IOException {
		this.validations.incrementAndGet();
		sleep(this.delay);
		switch (this.mode) {
			case SERVER_ERROR ->
				respond(exchange, 503, "{\"error\":{\"code\":503,\"message\":\"Service Unavailable\"}}");
			case GARBAGE -> respond(exchange, 200, "<html><body>Bad gateway</body></html>");
			case NO_USER_ID -> respond(exchange, 200, "{\"token\":{\"expires_at\":\"2099-01-01T00:00:00.000000Z\"}}");
			case BROKEN_CONNECTION -> {
				// Close without answering.
			}
			case SILENT -> sleep(Duration.ofSeconds(5));
			case REFUSE_SERVICE_TOKENS -> respond(exchange, 401,
					"{\"error\":{\"code\":401,\"message\":\"The request you have made requires authentication.\"}}");
			case NORMAL -> answer(exchange);
		}
	}

	private void answer(HttpExchange exchange) throws IOException {
		String serviceToken = exchange.getRequestHeaders().getFirst("X-Auth-Token");
		if (serviceToken == null || !this.serviceTokens.contains(serviceToken)) {
			respond(exchange, 401,
					"{\"error\":{\"code\":401,\"message\":\"The request you have made requires authentication.\"}}");
			return;
		}
		@Nullable String subject = exchange.getRequestHeaders().getFirst("X-Subject-Token");
		String body = (subject != null) ? this.callerTokens.get(subject) : null;
		if (body == null) {
			respond(exchange, 404,
					"{\"error\":{\"code\":404,\"message\":\"Could not find token.\",\"title\":\"Not Found\"}}");
			return;
		}
		respond(exchange, 200, body);
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static HttpServer bind(int port) {
		try {
			return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not bind the fake identity service", ex);
		}
	}

	/**
	 * Keep the caller waiting, as a slow identity service does ({@link #delay}) or a
	 * silent one ({@link Mode#SILENT}): the sleep is the peer being slow, not a test
	 * waiting for something, so it stays a sleep.
	 */
	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String newToken() {
		byte[] bytes = new byte[96];
		random.nextBytes(bytes);
		return "MII" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String huaweiTime(Instant instant) {
		return HUAWEI_TIME.format(instant.truncatedTo(ChronoUnit.MILLIS));
	}

	private static String keystoneTime(Instant instant) {
		return HUAWEI_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
	}

}
