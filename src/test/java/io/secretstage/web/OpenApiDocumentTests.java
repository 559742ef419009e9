package io.secretstage.web;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.ApiTest;
import io.secretstage.error.ErrorBody;
import io.secretstage.error.ErrorCode;
import jakarta.validation.constraints.AssertFalse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OpenApiController} and the document it serves: {@code openapi.json} is
 * served byte for byte as checked in, and it agrees with the code (the routes that Spring
 * MVC maps, the patterns and bounds that the handlers validate, the records they read,
 * the JSON that the running service sends, and the error codes).
 */
@ApiTest
class OpenApiDocumentTests {

	/**
	 * The checked-in file in the working tree; Maven runs the tests in the project's
	 * folder.
	 */
	private static final Path CHECKED_IN = Path.of("openapi.json");

	private static final JsonMapper json = JsonMapper.shared();

	private static final List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	/**
	 * A regular expression that is only alternatives of literal words, documented as an
	 * enum.
	 */
	private static final Pattern LITERALS = Pattern.compile("\\w+(\\|\\w+)*");

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	private static final String CREDENTIALS = "/v3.0/OS-CREDENTIAL/credentials";

	/** The user of {@code TOKEN_A}. */
	private static final String USER_A = "user-a";

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mapping;

	private JsonNode document;

	/** Object schema (by reference or location) to the properties it declares. */
	private final Map<String, Set<String>> declaredProperties = new TreeMap<>();

	/** Object schema (by reference or location) to the properties real responses had. */
	private final Map<String, Set<String>> seenProperties = new TreeMap<>();

	/** {@code METHOD path status} of each response checked against the document. */
	private final Set<String> exercised = new TreeSet<>();

	@BeforeEach
	void readCheckedInDocument() throws IOException {
		this.document = json.readTree(Files.readAllBytes(CHECKED_IN));
	}

	@Test
	void getWithoutATokenThenTheCheckedInFileByteForByte() throws IOException {
		EntityExchangeResult<byte[]> result = this.client.get()
			.uri(OpenApiController.PATH)
			.exchange()
			.expectBody(byte[].class)
			.returnResult();

		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(result.getResponseHeaders().getContentType()).isNotNull()
			.satisfies((type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue());
		assertThat(result.getResponseHeaders().getFirst("Content-Type")).isEqualTo(EmptyResponses.JSON_UTF8);
		assertThat(result.getResponseHeaders().getFirst("X-Request-Id")).matches("[0-9a-f]{32}");
		assertThat(result.getResponseBody()).isEqualTo(Files.readAllBytes(CHECKED_IN));
	}

	@Test
	void headThenTheHeadersOfGetWithoutTheBody() throws IOException {
		EntityExchangeResult<byte[]> result = this.client.head()
			.uri(OpenApiController.PATH)
			.exchange()
			.expectBody(byte[].class)
			.returnResult();

		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(result.getResponseHeaders().getFirst("Content-Type")).isEqualTo(EmptyResponses.JSON_UTF8);
		assertThat(result.getResponseHeaders().getContentLength()).isEqualTo(Files.size(CHECKED_IN));
		assertThat(result.getResponseBody()).isNullOrEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PUT", "DELETE", "PATCH", "OPTIONS" })
	void methodOtherThanGetThen405WithAllow(String method) {
		EntityExchangeResult<String> result = this.client.method(HttpMethod.valueOf(method))
			.uri(OpenApiController.PATH)
			.exchange()
			.expectBody(String.class)
			.returnResult();

		assertThat(result.getStatus().value()).isEqualTo(405);
		assertThat(result.getResponseHeaders().getFirst("Content-Type")).isEqualTo(EmptyResponses.JSON_UTF8);
		assertThat(result.getResponseHeaders().getFirst("Allow")).isEqualTo("GET");
		assertThat(json.readTree(String.valueOf(result.getResponseBody())).get("error_code").asString())
			.isEqualTo("CSMS.0003");
	}

	@Test
	void documentIsOpenApi31AndEveryReferenceResolves() {
		assertThat(this.document.get("openapi").asString()).isEqualTo("3.1.0");
		assertThat(this.document.findValuesAsString("$ref")).isNotEmpty()
			.allSatisfy((ref) -> assertThat(pointer(ref).isMissingNode()).as(ref).isFalse());
	}

	@Test
	void documentHasExactlyTheRoutesThatSpringMvcMaps() {
		assertThat(documentedOperations().keySet()).isNotEmpty().isEqualTo(handlers().keySet());
	}

	@Test
	void documentedParametersAreTheHandlersOwnWithTheirPatternsAndBounds() {
		Map<String, Operation> documented = documentedOperations();
		handlers().forEach((route, handler) -> {
			Map<String, JsonNode> parameters = parameters(documented.get(route));
			Map<String, MethodParameter> bound = new LinkedHashMap<>();
			for (MethodParameter parameter : handler.getMethodParameters()) {
				String name = boundName(parameter);
				if (name != null) {
					bound.put(name, parameter);
				}
			}
			assertThat(parameters.keySet()).as(route).isEqualTo(bound.keySet());
			bound.forEach((name, parameter) -> {
				JsonNode documentedParameter = parameters.get(name);
				RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
				String where = route + " " + name;
				assertThat(documentedParameter.get("in").asString()).as(where)
					.isEqualTo((query != null) ? "query" : "path");
				boolean hasDefault = query != null && !query.defaultValue().equals(ValueConstants.DEFAULT_NONE);
				assertThat(documentedParameter.path("required").asBoolean()).as(where)
					.isEqualTo(query == null || (query.required() && !hasDefault));
				JsonNode schema = resolve(documentedParameter.get("schema"));
				assertThat(constraints(schema, parameter.getParameterType(), parameter.getParameterAnnotations()))
					.as(where)
					.isEqualTo(expectedConstraints(parameter.getParameterType(), parameter.getParameterAnnotations()));
				assertThat(schema.has("default")).as(where).isEqualTo(hasDefault);
				if (hasDefault) {
					assertThat(schema.get("default").asString()).as(where).isEqualTo(query.defaultValue());
				}
			});
		});
	}

	@Test
	void documentedRequestBodiesAreTheRecordsThatTheHandlersRead() {
		Map<String, Operation> documented = documentedOperations();
		handlers().forEach((route, handler) -> {
			JsonNode requestBody = documented.get(route).operation().get("requestBody");
			MethodParameter body = Arrays.stream(handler.getMethodParameters())
				.filter((parameter) -> parameter.hasParameterAnnotation(RequestBody.class))
				.findFirst()
				.orElse(null);
			if (body == null) {
				assertThat(requestBody).as(route).isNull();
				return;
			}
			assertThat(requestBody.path("required").asBoolean()).as(route)
				.isEqualTo(body.getParameterAnnotation(RequestBody.class).required());
			JsonNode schema = resolve(requestBody.at("/content/application~1json/schema"));
			Class<?> type = body.getParameterType();
			assertThat(type.isRecord()).as(route).isTrue();
			Map<String, RecordComponent> components = new LinkedHashMap<>();
			for (RecordComponent component : type.getRecordComponents()) {
				components.put(jsonName(component), component);
			}
			assertThat(schema.get("properties").propertyNames()).as(route)
				.containsExactlyInAnyOrderElementsOf(components.keySet());
			Set<String> required = new TreeSet<>();
			components.forEach((name, component) -> {
				if (component.getAccessor().isAnnotationPresent(NotNull.class)) {
					required.add(name);
				}
			});
			assertThat(strings(schema.get("required"))).as(route).isEqualTo(required);
			components.forEach((name, component) -> checkField(route + " " + name, component,
					resolve(schema.get("properties").get(name))));
		});
	}

	@Test
	void everyPatternOfApiPatternsIsInTheDocument() throws ReflectiveOperationException {
		Class<?> patterns = ApiPatterns.class;
		List<String> documented = this.document.findValuesAsString("pattern");
		List<String> constants = new ArrayList<>();
		for (Field field : patterns.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				field.setAccessible(true);
				constants.add((String) field.get(null));
			}
		}
		assertThat(constants).isNotEmpty().allSatisfy((regexp) -> assertThat(documented).contains(anchored(regexp)));
	}

	@Test
	void documentedLengthsAreTheOnesThatThePatternsAllow() {
		List<JsonNode> bounded = new ArrayList<>();
		collect(this.document, (node) -> node.has("pattern") && (node.has("minLength") || node.has("maxLength")),
				bounded);
		assertThat(bounded).isNotEmpty().allSatisfy((schema) -> {
			Pattern pattern = Pattern.compile(schema.get("pattern").asString());
			int min = schema.path("minLength").asInt(0);
			assertThat(pattern.matcher("a".repeat(min)).find()).as(schema.toString()).isTrue();
			assertThat(min == 0 || !pattern.matcher("a".repeat(min - 1)).find()).as(schema.toString()).isTrue();
			if (schema.has("maxLength")) {
				int max = schema.get("maxLength").asInt();
				assertThat(pattern.matcher("a".repeat(max)).find()).as(schema.toString()).isTrue();
				assertThat(pattern.matcher("a".repeat(max + 1)).find()).as(schema.toString()).isFalse();
			}
		});
	}

	@Test
	void everyOperationAnswersWithTheDocumentedJson() {
		ApiClient api = new ApiClient(this.client);
		String name = "openapi-" + UUID.randomUUID();
		String secret = SECRETS + "/" + name;
		String secretTemplate = "/v1/{project_id}/secrets/{secret_name}";
		String stage = secretTemplate + "/stages/{stage_name}";
		String versions = secretTemplate + "/versions";

		check("POST /v1/{project_id}/secrets", api.post(SECRETS, TOKEN_A,
				Map.of("name", name, "secret_string", "one", "description", "for the OpenAPI tests")));
		check("POST /v1/{project_id}/secrets",
				api.post(SECRETS, TOKEN_A, Map.of("name", name, "secret_string", "again")));
		check("GET " + secretTemplate, api.get(secret, TOKEN_A));
		check("POST " + versions, api.post(secret + "/versions", TOKEN_A,
				Map.of("secret_string", "two", "version_stages", List.of("canary"), "expire_time", 1893456000000L)));
		check("POST " + versions, api.post(secret + "/versions", TOKEN_A, Map.of("secret_binary", "AAEC/w==")));
		check("GET " + versions + "/{version_id}", api.get(secret + "/versions/v1", TOKEN_A));
		check("GET " + versions + "/{version_id}", api.get(secret + "/versions/latest", TOKEN_A));
		check("GET " + versions + "/{version_id}", api.get(secret + "/versions/v99", TOKEN_A));
		check("GET " + versions, api.get(secret + "/versions?limit=1", TOKEN_A));
		check("GET " + versions, api.get(secret + "/versions?marker=v1&limit=1000", TOKEN_A));
		check("GET " + versions, api.get(secret + "/versions?limit=0", TOKEN_A));
		check("GET " + stage, api.get(secret + "/stages/SYSCURRENT", TOKEN_A));
		check("GET " + stage, api.get(SECRETS + "/no-such-secret/stages/SYSCURRENT", TOKEN_A));
		check("GET " + stage, api.get(secret + "/stages/SYSCURRENT", "x".repeat(40)));
		check("PUT " + stage, api.put(secret + "/stages/pinned", TOKEN_A, Map.of("version_id", "v1")));
		check("PUT " + stage, api.put(secret + "/stages/pinned", TOKEN_A, Map.of("version_id", "latest")));
		check("DELETE " + stage, api.delete(secret + "/stages/pinned", TOKEN_A));
		check("DELETE " + stage, api.delete(secret + "/stages/SYSCURRENT", TOKEN_A));
		String other = name + "-b";
		check("POST /v1/{project_id}/secrets/batch-import",
				api.post(SECRETS + "/batch-import", TOKEN_A,
						Map.of("secrets", List.of(Map.of("name", other, "secret_string", "three"),
								Map.of("name", name, "secret_string", "taken"), "not an object"))));
		check("POST /v1/{project_id}/secrets/batch-import",
				api.post(SECRETS + "/batch-import", TOKEN_A, Map.of("secrets", List.of())));
		check("GET /v1/{project_id}/secrets", api.get(SECRETS + "?limit=1", TOKEN_A));
		check("GET /v1/{project_id}/secrets", api.get(SECRETS + "?marker=" + name + "&limit=1000", TOKEN_A));
		check("GET /v1/{project_id}/secrets", api.get(SECRETS + "?event_name=expiry", TOKEN_A));
		check("GET /v1/{project_id}/secrets", api.get(SECRETS + "?limit=0", TOKEN_A));
		check("PUT " + secretTemplate, api.put(secret, TOKEN_A, Map.of("description", "changed", "auto_rotation", false,
				"event_subscriptions", List.of(), "rotation_period", "")));
		check("PUT " + secretTemplate, api.put(secret, TOKEN_A, Map.of("kms_key_id", "no-such-key")));
		check("PUT " + secretTemplate, api.put(secret, TOKEN_A, Map.of("event_subscriptions", List.of("expiry"))));
		check("PUT " + secretTemplate, api.put(secret, TOKEN_A, Map.of("auto_rotation", true)));
		check("PUT " + versions + "/{version_id}",
				api.put(secret + "/versions/v1", TOKEN_A, Map.of("expire_time", 1893456000000L)));
		check("PUT " + versions + "/{version_id}",
				api.put(secret + "/versions/v99", TOKEN_A, Map.of("expire_time", 1893456000000L)));
		check("PUT " + versions + "/{version_id}", api.put(secret + "/versions/v1", TOKEN_A, Map.of("expire_time", 0)));
		check("PUT " + stage, api.put(secret + "/stages/kept", TOKEN_A, Map.of("version_id", "v1")));
		String id = api.get(secret, TOKEN_A).json().get("secret").get("id").asString();
		String tags = "/v1/" + PROJECT_A + "/csms/" + id + "/tags";
		String tagsTemplate = "/v1/{project_id}/csms/{secret_id}/tags";
		String search = "/v1/" + PROJECT_A + "/csms/resource_instances/action";
		String searchTemplate = "/v1/{project_id}/csms/resource_instances/action";
		check("POST " + tagsTemplate,
				api.post(tags, TOKEN_A, Map.of("tag", Map.of("key", "env", "value", "prod"), "sequence", "1")));
		check("POST " + tagsTemplate, api.post(tags, TOKEN_A, Map.of("tag", Map.of("key", "_sys_env"))));
		check("POST " + tagsTemplate,
				api.post(tags.replace(id, UUID.randomUUID().toString()), TOKEN_A, Map.of("tag", Map.of("key", "env"))));
		check("POST " + tagsTemplate + "/action", api.post(tags + "/action", TOKEN_A,
				Map.of("action", "create", "tags", List.of(Map.of("key", "owner"), Map.of("key", "tier")))));
		check("POST " + tagsTemplate + "/action", api.post(tags + "/action", TOKEN_A,
				Map.of("action", "delete", "tags", List.of(Map.of("key", "tier", "value", "")))));
		List<Map<String, String>> many = new ArrayList<>();
		for (int i = 0; i < 19; i++) {
			many.add(Map.of("key", "k" + i));
		}
		check("POST " + tagsTemplate + "/action",
				api.post(tags + "/action", TOKEN_A, Map.of("action", "create", "tags", many)));
		check("GET " + tagsTemplate, api.get(tags, TOKEN_A));
		check("GET " + tagsTemplate, api.get(tags.replace(id, UUID.randomUUID().toString()), TOKEN_A));
		check("DELETE " + tagsTemplate + "/{key}", api.delete(tags + "/owner", TOKEN_A));
		check("DELETE " + tagsTemplate + "/{key}", api.delete(tags + "/owner", TOKEN_A));
		check("GET /v1/{project_id}/csms/tags", api.get("/v1/" + PROJECT_A + "/csms/tags", TOKEN_A));
		check("POST " + searchTemplate,
				api.post(search, TOKEN_A,
						Map.of("action", "filter", "limit", "10", "offset", 0, "tags",
								List.of(Map.of("key", "env", "values", List.of("prod"))), "matches",
								List.of(Map.of("key", "resource_name", "value", name)))));
		check("POST " + searchTemplate, api.post(search, TOKEN_A, Map.of("action", "count")));
		check("POST " + searchTemplate, api.post(search, TOKEN_A, Map.of("action", "filter", "limit", "0")));
		String tasks = secret + "/scheduled-deleted-tasks";
		String tasksTemplate = secretTemplate + "/scheduled-deleted-tasks";
		Map<String, String> token = Map.of("X-Auth-Token", TOKEN_A);
		check("POST " + tasksTemplate + "/cancel", api.send(HttpMethod.POST, tasks + "/cancel", token, null));
		check("POST " + tasksTemplate + "/create",
				api.post(tasks + "/create", TOKEN_A, Map.of("recovery_window_in_days", 31)));
		check("POST " + tasksTemplate + "/create",
				api.post(tasks + "/create", TOKEN_A, Map.of("recovery_window_in_days", 7)));
		check("POST " + tasksTemplate + "/create", api.send(HttpMethod.POST, tasks + "/create", token, null));
		check("GET " + secretTemplate, api.get(secret, TOKEN_A));
		check("GET " + versions + "/{version_id}", api.get(secret + "/versions/latest", TOKEN_A));
		check("PUT " + secretTemplate, api.put(secret, TOKEN_A, Map.of()));
		check("PUT " + versions + "/{version_id}",
				api.put(secret + "/versions/v1", TOKEN_A, Map.of("expire_time", 1893456000000L)));
		check("POST " + versions, api.post(secret + "/versions", TOKEN_A, Map.of("secret_string", "four")));
		check("PUT " + stage, api.put(secret + "/stages/kept", TOKEN_A, Map.of("version_id", "v1")));
		check("DELETE " + stage, api.delete(secret + "/stages/kept", TOKEN_A));
		check("POST " + tagsTemplate, api.post(tags, TOKEN_A, Map.of("tag", Map.of("key", "env"))));
		check("DELETE " + tagsTemplate + "/{key}", api.delete(tags + "/env", TOKEN_A));
		check("POST /v1/{project_id}/secrets",
				api.post(SECRETS, TOKEN_A, Map.of("name", name, "secret_string", "while pending")));
		check("POST /v1/{project_id}/secrets", api.post(SECRETS, TOKEN_A,
				Map.of("name", name + "-c", "secret_string", "five", "event_subscriptions", List.of("expiry"))));
		check("POST " + tasksTemplate + "/cancel", api.send(HttpMethod.POST, tasks + "/cancel", token, null));
		check("POST " + tasksTemplate + "/cancel",
				api.send(HttpMethod.POST, SECRETS + "/no-such-secret/scheduled-deleted-tasks/cancel", token, null));
		check("POST " + tasksTemplate + "/create", api.post(tasks + "/create", TOKEN_A, Map.of()));
		Reply download = api.send(HttpMethod.POST, secret + "/backup", token, null);
		check("POST " + secretTemplate + "/backup", download);
		check("POST " + secretTemplate + "/backup",
				api.send(HttpMethod.POST, SECRETS + "/no-such-secret/backup", token, null));
		String restore = "POST /v1/{project_id}/secrets/restore";
		Map<String, String> blob = Map.of("secret_blob", download.json().get("secret_blob").asString());
		check(restore, api.post(SECRETS + "/restore", TOKEN_A, blob));
		check(restore, api.post(SECRETS + "/restore", TOKEN_A, Map.of("secret_blob", "CSMSBK1.x")));
		check("DELETE " + secretTemplate, api.delete(SECRETS + "/" + other, TOKEN_A));
		check("DELETE " + secretTemplate, api.delete(secret, TOKEN_A));
		check(restore, api.post(SECRETS + "/restore", TOKEN_A, blob));
		check(restore, api.post(SECRETS + "/restore", TOKEN_A, blob));
		check("DELETE " + secretTemplate, api.delete(SECRETS.replace(PROJECT_A, "f".repeat(32)) + "/x", TOKEN_A));
		check("GET " + OpenApiController.PATH, api.get(OpenApiController.PATH, TOKEN_A));
		String password = "POST /v1/{project_id}/csms/generate-password";
		String generate = "/v1/" + PROJECT_A + "/csms/generate-password";
		check(password, api.send(HttpMethod.POST, generate, token, null));
		check(password, api.post(generate, TOKEN_A, Map.of("length", 255, "include_space", true, "exclude_characters",
				"\"\\", "require_each_included_type", true, "password_policy_name", "any")));
		check(password, api.post(generate, TOKEN_A, Map.of("length", 0)));
		check(password, api.post(generate, TOKEN_A, Map.of("exclude_lowercase", "yes")));
		check(password, api.post(generate.replace(PROJECT_A, "f".repeat(32)), TOKEN_A, Map.of()));

		String key = CREDENTIALS + "/{access_key}";
		this.jdbc.sql("delete from access_key where user_id = ?").param(USER_A).update();
		Map<String, Object> create = Map.of("credential", Map.of("user_id", USER_A, "description", "for OpenAPI"));
		Reply first = api.post(CREDENTIALS, TOKEN_A, create);
		check("POST " + CREDENTIALS, first);
		String access = first.json().get("credential").get("access").asString();
		Reply second = api.post(CREDENTIALS, TOKEN_A, create);
		check("POST " + CREDENTIALS, second);
		check("POST " + CREDENTIALS, api.post(CREDENTIALS, TOKEN_A, create));
		check("POST " + CREDENTIALS, api.post(CREDENTIALS, TOKEN_A, Map.of("credential", Map.of("user_id", "user-b"))));
		check("GET " + CREDENTIALS, api.get(CREDENTIALS, TOKEN_A));
		check("GET " + CREDENTIALS, api.get(CREDENTIALS + "?user_id=user-b", TOKEN_A));
		check("GET " + key, api.get(CREDENTIALS + "/" + access, TOKEN_A));
		this.jdbc.sql("update access_key set last_use_time = now() where access_key = ?").param(access).update();
		check("GET " + key, api.get(CREDENTIALS + "/" + access, TOKEN_A));
		check("GET " + key, api.get(CREDENTIALS + "/" + "A".repeat(20), TOKEN_A));
		check("GET " + key, api.get(CREDENTIALS + "/not-a-key", TOKEN_A));
		check("PUT " + key, api.put(CREDENTIALS + "/" + access, TOKEN_A,
				Map.of("credential", Map.of("status", "inactive", "description", "changed"))));
		check("PUT " + key,
				api.put(CREDENTIALS + "/" + access, TOKEN_A, Map.of("credential", Map.of("status", "paused"))));
		check("DELETE " + key, api.delete(CREDENTIALS + "/" + access, TOKEN_A));
		check("DELETE " + key, api.delete(CREDENTIALS + "/" + access, TOKEN_A));
		check("DELETE " + key,
				api.delete(CREDENTIALS + "/" + second.json().get("credential").get("access").asString(), TOKEN_A));

		assertThat(this.exercised).as("a success of every operation")
			.containsAll(documentedOperations().values().stream().map(this::successOf).toList());
		assertThat(this.seenProperties).as("the properties that real responses had").isEqualTo(this.declaredProperties);
	}

	@Test
	void errorSchemaIsErrorBodyWithTheCodesOfErrorCode() {
		JsonNode schema = resolve(pointer("#/components/schemas/ErrorBody"));
		List<String> names = Arrays.stream(ErrorBody.class.getRecordComponents())
			.map(OpenApiDocumentTests::jsonName)
			.toList();

		assertThat(schema.get("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(names);
		assertThat(strings(schema.get("required"))).containsExactlyInAnyOrderElementsOf(names);
		assertThat(strings(schema.at("/properties/error_code/enum")))
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
		for (ErrorCode code : ErrorCode.values()) {
			JsonNode body = json.valueToTree(new ErrorBody(code.code(), code.message(), "0".repeat(32)));
			assertThat(validate(body, pointer("#/components/schemas/ErrorBody"), code.code())).isEmpty();
		}
	}

	@Test
	void everyErrorExampleIsAnErrorBodyOfItsStatus() {
		documentedOperations()
			.forEach((route, operation) -> operation.operation().get("responses").properties().forEach((entry) -> {
				int status = Integer.parseInt(entry.getKey());
				JsonNode examples = resolve(entry.getValue()).at("/content/application~1json/examples");
				assertThat(examples.isMissingNode()).as(route + " " + status).isEqualTo(status < 400);
				examples.properties().forEach((example) -> {
					String where = route + " " + status + " " + example.getKey();
					JsonNode value = resolve(example.getValue()).get("value");
					assertThat(validate(value, pointer("#/components/schemas/ErrorBody"), where)).isEmpty();
					assertThat(value.get("error_code").asString()).as(where).isEqualTo(example.getKey());
					ErrorCode code = errorCode(example.getKey());
					assertThat(code.status() == status || ErrorCode.forStatus(status) == code).as(where).isTrue();
				});
			}));
		assertThat(this.document.at("/components/examples").values())
			.map((example) -> example.at("/value/error_code").asString())
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
	}

	@Test
	void everyOperationThatTheDocumentSecuresAnswers401WithoutAToken() {
		JsonNode scheme = this.document.at("/components/securitySchemes/iamToken");
		assertThat(scheme.get("type").asString()).isEqualTo("apiKey");
		assertThat(scheme.get("in").asString()).isEqualTo("header");
		assertThat(scheme.get("name").asString()).isEqualTo("X-Auth-Token");
		JsonNode signature = this.document.at("/components/securitySchemes/akskSignature");
		assertThat(signature.get("type").asString()).isEqualTo("apiKey");
		assertThat(signature.get("in").asString()).isEqualTo("header");
		assertThat(signature.get("name").asString()).isEqualTo("Authorization");
		documentedOperations().forEach((route, operation) -> {
			JsonNode security = operation.operation().has("security") ? operation.operation().get("security")
					: this.document.get("security");
			String path = operation.path()
				.replace("{project_id}", PROJECT_A)
				.replace("{secret_name}", "no-such-secret")
				.replace("{stage_name}", "SYSCURRENT")
				.replace("{version_id}", "v1")
				.replace("{access_key}", "A".repeat(20))
				.replace("{secret_id}", UUID.randomUUID().toString())
				.replace("{key}", "env");
			EntityExchangeResult<String> result = this.client
				.method(HttpMethod.valueOf(operation.method().toUpperCase(Locale.ROOT)))
				.uri(path)
				.exchange()
				.expectBody(String.class)
				.returnResult();
			if (security.isEmpty()) {
				assertThat(result.getStatus().value()).as(route).isNotEqualTo(401);
			}
			else {
				assertThat(security.toString()).as(route).isEqualTo("[{\"iamToken\":[]},{\"akskSignature\":[]}]");
				assertThat(result.getStatus().value()).as(route).isEqualTo(401);
				assertThat(operation.operation().at("/responses/401").isMissingNode()).as(route).isFalse();
			}
		});
	}

	/**
	 * Check a real response against the document: the operation has a response of that
	 * status, with the request id header and the body that the document describes.
	 */
	private void check(String route, Reply reply) {
		Operation operation = documentedOperations().get(route);
		assertThat(operation).as(route).isNotNull();
		JsonNode documented = operation.operation().get("responses").get(String.valueOf(reply.status()));
		assertThat(documented).as(route + " " + reply.status() + ": " + reply.body()).isNotNull();
		JsonNode response = resolve(documented);
		assertThat(reply.header("Content-Type")).as(route).isEqualTo(EmptyResponses.JSON_UTF8);
		JsonNode requestIdHeader = resolve(response.at("/headers/X-Request-Id"));
		assertThat(requestIdHeader.path("required").asBoolean()).as(route).isTrue();
		assertThat(validate(json.getNodeFactory().stringNode(reply.header("X-Request-Id")),
				requestIdHeader.get("schema"), route + " X-Request-Id"))
			.isEmpty();
		JsonNode schema = response.at("/content/application~1json/schema");
		if (schema.isMissingNode()) {
			assertThat(reply.body()).as(route).isEmpty();
		}
		else {
			assertThat(validate(reply.json(), schema, route)).isEmpty();
		}
		JsonNode examples = response.at("/content/application~1json/examples");
		if (!examples.isMissingNode()) {
			assertThat(examples.propertyNames()).as(route).contains(reply.json().get("error_code").asString());
		}
		this.exercised.add(route + " " + reply.status());
	}

	private String successOf(Operation operation) {
		String status = operation.operation()
			.get("responses")
			.propertyNames()
			.stream()
			.filter((code) -> code.startsWith("2"))
			.findFirst()
			.orElseThrow();
		return operation.method().toUpperCase(Locale.ROOT) + " " + operation.path() + " " + status;
	}

	/**
	 * The problems of a JSON value against a schema, as far as the keywords that the
	 * document uses go; notes the properties of each object schema on the way.
	 */
	private List<String> validate(JsonNode value, JsonNode schemaOrReference, String where) {
		List<String> problems = new ArrayList<>();
		validate(value, schemaOrReference, where, problems);
		return problems;
	}

	private void validate(JsonNode value, JsonNode schemaOrReference, String where, List<String> problems) {
		String id = schemaOrReference.has("$ref") ? schemaOrReference.get("$ref").asString() : where;
		JsonNode schema = resolve(schemaOrReference);
		assertThat(schema.isMissingNode()).as(where).isFalse();
		if (schema.has("type")) {
			Set<String> types = schema.get("type").isArray() ? strings(schema.get("type"))
					: Set.of(schema.get("type").asString());
			if (!types.contains(jsonType(value))) {
				problems.add(where + ": " + jsonType(value) + " where the document says " + types);
				return;
			}
		}
		if (value.isNull()) {
			return;
		}
		if (schema.has("enum") && !strings(schema.get("enum")).contains(value.asString())) {
			problems.add(where + ": " + value + " is not one of " + schema.get("enum"));
		}
		if (schema.has("const") && !schema.get("const").equals(value)) {
			problems.add(where + ": " + value + " is not " + schema.get("const"));
		}
		if (value.isString()) {
			String text = value.asString();
			int length = text.codePointCount(0, text.length());
			if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asString()).matcher(text).find()) {
				problems.add(where + ": " + text + " does not match " + schema.get("pattern"));
			}
			if (length < schema.path("minLength").asInt(0)
					|| length > schema.path("maxLength").asInt(Integer.MAX_VALUE)) {
				problems.add(where + ": the length " + length + " is out of bounds");
			}
			if ("uuid".equals(schema.path("format").asString(""))) {
				assertThat(UUID.fromString(text)).as(where).isNotNull();
			}
		}
		if (value.isIntegralNumber() && (value.asLong() < schema.path("minimum").asLong(Long.MIN_VALUE)
				|| value.asLong() > schema.path("maximum").asLong(Long.MAX_VALUE))) {
			problems.add(where + ": " + value + " is out of bounds");
		}
		for (String name : strings(schema.get("required"))) {
			if (!value.has(name)) {
				problems.add(where + ": " + name + " is missing");
			}
		}
		if (value.isObject() && schema.has("properties")) {
			JsonNode properties = schema.get("properties");
			this.declaredProperties.put(id, new TreeSet<>(properties.propertyNames()));
			this.seenProperties.computeIfAbsent(id, (key) -> new TreeSet<>()).addAll(value.propertyNames());
			value.properties().forEach((property) -> {
				if (properties.has(property.getKey())) {
					validate(property.getValue(), properties.get(property.getKey()), where + "." + property.getKey(),
							problems);
				}
				else {
					problems.add(where + ": " + property.getKey() + " is not in the document");
				}
			});
		}
		if (value.isArray() && schema.has("items")) {
			for (int i = 0; i < value.size(); i++) {
				validate(value.get(i), schema.get("items"), where + "[" + i + "]", problems);
			}
		}
		if (schema.has("oneOf")) {
			long passing = schema.get("oneOf")
				.valueStream()
				.filter((alternative) -> validate(value, alternative, where + " (oneOf)").isEmpty())
				.count();
			if (passing != 1) {
				problems.add(where + ": " + passing + " of the oneOf alternatives match");
			}
		}
	}

	private static String jsonType(JsonNode value) {
		if (value.isIntegralNumber()) {
			return "integer";
		}
		return value.getNodeType().name().toLowerCase(Locale.ROOT).replace("pojo", "object");
	}

	/** A body field's documented schema against the record component's constraints. */
	private void checkField(String where, RecordComponent component, JsonNode schema) {
		AnnotatedElement accessor = component.getAccessor();
		if (component.getType().isRecord()) {
			checkRecord(where, component.getType(), schema);
			return;
		}
		assertThat(constraints(schema, component.getType(), accessor.getAnnotations())).as(where)
			.isEqualTo(expectedConstraints(component.getType(), accessor.getAnnotations()));
		if (component.getAccessor().getAnnotatedReturnType() instanceof AnnotatedParameterizedType list) {
			AnnotatedType element = list.getAnnotatedActualTypeArguments()[0];
			if (element.getType() == String.class) {
				assertThat(constraints(resolve(schema.get("items")), String.class, element.getAnnotations()))
					.as(where + " items")
					.isEqualTo(expectedConstraints(String.class, element.getAnnotations()));
			}
			else if (element.getType() instanceof Class<?> entry && entry.isRecord()) {
				checkRecord(where + " items", entry, resolve(schema.get("items")));
			}
			else {
				// Entries that the handler reads one by one, each as a body of its own
				// (BatchImportSecrets): documented as that body, an object.
				assertThat(element.getType()).as(where + " items").isEqualTo(JsonNode.class);
				assertThat(resolve(schema.get("items")).get("type").asString()).as(where + " items")
					.isEqualTo("object");
			}
		}
	}

	/**
	 * A body object's documented schema against the record that reads it: the same
	 * properties, required where the component is {@code @NotNull}, each field checked.
	 */
	private void checkRecord(String where, Class<?> type, JsonNode schema) {
		assertThat(schema.get("type").asString()).as(where).isEqualTo("object");
		Map<String, RecordComponent> components = new LinkedHashMap<>();
		for (RecordComponent component : type.getRecordComponents()) {
			components.put(jsonName(component), component);
		}
		assertThat(schema.get("properties").propertyNames()).as(where)
			.containsExactlyInAnyOrderElementsOf(components.keySet());
		Set<String> required = new TreeSet<>();
		components.forEach((name, component) -> {
			if (component.getAccessor().isAnnotationPresent(NotNull.class)) {
				required.add(name);
			}
		});
		assertThat(strings(schema.get("required"))).as(where).isEqualTo(required);
		components.forEach((name, component) -> checkField(where + "." + name, component,
				resolve(schema.get("properties").get(name))));
	}

	/**
	 * The constraints that the Bean Validation annotations put on a value, as the schema
	 * keywords that say the same.
	 */
	private static Map<String, String> expectedConstraints(Class<?> type, Annotation[] annotations) {
		Map<String, String> expected = new TreeMap<>();
		String valueType = valueTypeRegexp(type);
		if (valueType != null) {
			expected.put("type", "string");
			expected.put("pattern", anchored(valueType));
			return expected;
		}
		expected.put("type", jsonType(type));
		if (Arrays.stream(annotations)
			.anyMatch((annotation) -> annotation instanceof JsonDeserialize deserialize
					&& deserialize.using() == DigitsOrNumber.class)) {
			// A string of digits or a number (ListResourceInstances' limit and offset).
			expected.put("type", "string|integer");
			expected.put("pattern", anchored(ApiPatterns.DIGITS));
		}
		for (Annotation annotation : annotations) {
			if (annotation instanceof jakarta.validation.constraints.Pattern pattern) {
				if (LITERALS.matcher(pattern.regexp()).matches()) {
					expected.put("enum", pattern.regexp());
				}
				else {
					expected.put("pattern", anchored(pattern.regexp()));
				}
			}
			else if (annotation instanceof Size size) {
				String unit = List.class.isAssignableFrom(type) ? "Items" : "Length";
				if (size.min() > 0) {
					expected.put("min" + unit, String.valueOf(size.min()));
				}
				if (size.max() < Integer.MAX_VALUE) {
					expected.put("max" + unit, String.valueOf(size.max()));
				}
			}
			else if (annotation instanceof CodePointLength length) {
				// JSON Schema counts a string's length in code points too.
				if (length.min() > 0) {
					expected.put("minLength", String.valueOf(length.min()));
				}
				if (length.max() < Integer.MAX_VALUE) {
					expected.put("maxLength", String.valueOf(length.max()));
				}
			}
			else if (annotation instanceof Min min) {
				expected.put("minimum", String.valueOf(min.value()));
			}
			else if (annotation instanceof Max max) {
				expected.put("maximum", String.valueOf(max.value()));
			}
			else if (annotation instanceof Positive) {
				expected.put("minimum", "1");
			}
			else if (annotation instanceof PositiveOrZero) {
				expected.put("minimum", "0");
			}
			else if (annotation instanceof AssertFalse) {
				expected.put("const", "false");
			}
		}
		return expected;
	}

	/**
	 * The constraint keywords of a schema. The lengths are left out where no
	 * {@code @Size} or {@code @CodePointLength} bounds the value: then the pattern alone
	 * bounds it, and {@link #documentedLengthsAreTheOnesThatThePatternsAllow} checks that
	 * they agree.
	 */
	private static Map<String, String> constraints(JsonNode schema, Class<?> type, Annotation[] annotations) {
		boolean sized = Arrays.stream(annotations)
			.anyMatch((annotation) -> annotation instanceof Size || annotation instanceof CodePointLength);
		Map<String, String> constraints = new TreeMap<>();
		for (String keyword : List.of("type", "pattern", "enum", "const", "minLength", "maxLength", "minItems",
				"maxItems", "minimum", "maximum")) {
			JsonNode value = schema.get(keyword);
			if (value == null || (!sized && keyword.endsWith("Length"))) {
				continue;
			}
			constraints.put(keyword, value.isArray() ? String.join("|", strings(value)) : value.asString());
		}
		return constraints;
	}

	/**
	 * The pattern of a value type of the path ({@code ProjectId}, ...): its converter
	 * makes one only of text that matches it.
	 */
	private static @Nullable String valueTypeRegexp(Class<?> type) {
		try {
			return type.isRecord() ? (String) type.getField("REGEXP").get(null) : null;
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	private static String jsonType(Class<?> type) {
		if (type == String.class) {
			return "string";
		}
		if (List.class.isAssignableFrom(type)) {
			return "array";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "integer";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "boolean";
		}
		throw new IllegalArgumentException("No JSON type for " + type);
	}

	/**
	 * A validation pattern as the document writes it: anchored, since JSON Schema's are
	 * not.
	 */
	private static String anchored(String regexp) {
		return regexp.contains("|") ? "^(" + regexp + ")$" : "^" + regexp + "$";
	}

	private static String jsonName(RecordComponent component) {
		JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
		return (property != null) ? property.value() : component.getName();
	}

	private static @Nullable String boundName(MethodParameter parameter) {
		return (parameter.hasParameterAnnotation(PathVariable.class)
				|| parameter.hasParameterAnnotation(RequestParam.class)) ? ApiParameters.name(parameter) : null;
	}

	private static ErrorCode errorCode(String code) {
		return Arrays.stream(ErrorCode.values()).filter((value) -> value.code().equals(code)).findFirst().orElseThrow();
	}

	/**
	 * {@code METHOD path} to the handler, for every route of the service but the error
	 * page.
	 */
	private Map<String, HandlerMethod> handlers() {
		Map<String, HandlerMethod> handlers = new TreeMap<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.mapping.getHandlerMethods().entrySet()) {
			if (ErrorController.class.isAssignableFrom(entry.getValue().getBeanType())) {
				continue;
			}
			RequestMappingInfo info = entry.getKey();
			assertThat(info.getMethodsCondition().getMethods()).as(info.toString()).isNotEmpty();
			for (String path : info.getPatternValues()) {
				info.getMethodsCondition()
					.getMethods()
					.forEach((method) -> handlers.put(method.name() + " " + path, entry.getValue()));
			}
		}
		return handlers;
	}

	/** {@code METHOD path} to the document's operation. */
	private Map<String, Operation> documentedOperations() {
		Map<String, Operation> operations = new TreeMap<>();
		this.document.get("paths").properties().forEach((path) -> {
			JsonNode item = path.getValue();
			for (String method : HTTP_METHODS) {
				if (item.has(method)) {
					operations.put(method.toUpperCase(Locale.ROOT) + " " + path.getKey(),
							new Operation(method, path.getKey(), item, item.get(method)));
				}
			}
		});
		return operations;
	}

	/**
	 * An operation's path and query parameters, its own and its path's, by name; the
	 * {@code X-Request-Id} header is read by a filter, not bound by the handlers.
	 */
	private Map<String, JsonNode> parameters(Operation operation) {
		List<JsonNode> all = new ArrayList<>();
		operation.pathItem().path("parameters").forEach(all::add);
		operation.operation().path("parameters").forEach(all::add);
		Map<String, JsonNode> parameters = new TreeMap<>();
		for (JsonNode parameter : all) {
			JsonNode resolved = resolve(parameter);
			if (!resolved.get("in").asString().equals("header")) {
				parameters.put(resolved.get("name").asString(), resolved);
			}
		}
		return parameters;
	}

	/** A JSON pointer of the document, such as {@code #/components/schemas/Stage}. */
	private JsonNode pointer(String reference) {
		assertThat(reference).startsWith("#/");
		return this.document.at(reference.substring(1));
	}

	/** A node with its reference followed; the reference's siblings override. */
	private JsonNode resolve(JsonNode node) {
		if (node == null || !node.has("$ref")) {
			return (node != null) ? node : json.missingNode();
		}
		ObjectNode resolved = (ObjectNode) resolve(pointer(node.get("$ref").asString())).deepCopy();
		node.properties()
			.stream()
			.filter((entry) -> !entry.getKey().equals("$ref"))
			.forEach((entry) -> resolved.set(entry.getKey(), entry.getValue()));
		return resolved;
	}

	private static void collect(JsonNode node, Predicate<JsonNode> wanted, List<JsonNode> found) {
		if (wanted.test(node)) {
			found.add(node);
		}
		node.values().forEach((child) -> collect(child, wanted, found));
	}

	private static Set<String> strings(@Nullable JsonNode array) {
		Set<String> strings = new LinkedHashSet<>();
		if (array != null) {
			array.values().forEach((value) -> strings.add(value.asString()));
		}
		return strings;
	}

	/**
	 * An operation of the document.
	 *
	 * @param method its method, lowercase as the document writes it
	 * @param path its path template
	 * @param pathItem the path item, whose parameters the operation shares
	 * @param operation the operation
	 */
	private record Operation(String method, String path, JsonNode pathItem, JsonNode operation) {

	}

}
