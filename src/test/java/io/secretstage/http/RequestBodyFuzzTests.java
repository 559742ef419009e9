package io.secretstage.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.secretstage.RawHttp;
import io.secretstage.SecretFixtures;
import io.secretstage.TestDatabaseConfiguration;
import io.secretstage.TestInstances;
import io.secretstage.TestTokens;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the request bodies of every write operation with generated JSON: each field
 * given a value of its type that the contract takes or refuses, a value of another JSON
 * type, {@code null} or nothing; strings with every kind of Unicode, written raw or
 * escaped, and with invalid UTF-8 or lone surrogates; duplicate keys, unknown fields
 * nested deep, and bodies that are not an object or not whole. Each goes over a raw
 * socket, and each answer must be what the model in this class works out from the
 * contract: never a 5xx, the contract's error body with the right code, never an input
 * echoed in an error, nothing written when the answer is an error, and what is read back
 * after a success exactly what was written.
 * <p>
 * jqwik properties run outside Spring's JUnit Jupiter extension, so the class starts the
 * service itself, once, with the configuration and database of
 * {@link io.secretstage.ApiTest}, and a token of its own user, so that the access keys it
 * makes are counted apart from other tests'.
 */
@Tag("fuzz")
class RequestBodyFuzzTests {

	private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

	private static final String SECRETS = "/v1/" + PROJECT_A + "/secrets";

	private static final String CREDENTIALS = "/v3.0/OS-CREDENTIAL/credentials";

	private static final long LATEST_EXPIRE_TIME = 253_402_300_799_000L;

	/** Jackson's default limit of nesting; a body deeper than that is refused. */
	private static final int MAX_DEPTH = 500;

	private static final String RUN = "bf" + UUID.randomUUID().toString().substring(0, 6);

	private static final String USER = "fuzz-user-" + RUN;

	private static final String TOKEN = "fuzz-token-" + UUID.randomUUID();

	private static final AtomicInteger sent = new AtomicInteger();

	private static final AtomicInteger serial = new AtomicInteger();

	private static @Nullable ConfigurableApplicationContext service;

	private static RawHttp http = new RawHttp(0);

	private static @Nullable JdbcClient jdbc;

	/** The secret whose stage {@code fuzz-stage} UpdateSecretStage moves. */
	private static final String STAGE_SECRET = RUN + "-stages";

	/** The access key UpdatePermanentAccessKey changes, with what it holds now. */
	private static String accessKey = "";

	private static String keyStatus = "active";

	private static String keyDescription = "";

	@BeforeContainer
	static void startTheService() {
		Map<String, Object> settings = TestInstances.settings();
		long tokens = settings.keySet().stream().filter((key) -> key.endsWith(".sha256")).count();
		String ours = "csms.identity.static-tokens[" + tokens + "].";
		settings.put(ours + "sha256", sha256(TOKEN));
		settings.put(ours + "project-id", PROJECT_A);
		settings.put(ours + "user-id", USER);
		settings.put(ours + "roles", "csms-writer");
		service = TestInstances.start(settings, TestDatabaseConfiguration.class);
		http = new RawHttp(TestInstances.port(service));
		jdbc = service.getBean(JdbcClient.class);
		new SecretFixtures(jdbc()).createSecret(PROJECT_A, STAGE_SECRET, 2, Map.of("SYSCURRENT", "v2"), Instant.now());
		RawHttp.Response created = http.sendJson("POST " + CREDENTIALS + " HTTP/1.1", TOKEN,
				"{\"credential\":{\"user_id\":\"" + USER + "\"}}");
		assertThat(created.status()).isEqualTo(201);
		accessKey = JsonMapper.shared().readTree(created.body()).get("credential").get("access").asString();
	}

	@AfterContainer
	static void stopTheService() {
		LoggerFactory.getLogger(RequestBodyFuzzTests.class).info("Sent {} generated request bodies", sent.get());
		if (service != null) {
			service.close();
			service = null;
		}
	}

	@Property(tries = 400)
	void createSecretAnswersAsTheContractSays(@ForAll("createSecretBodies") Body body) {
		String name = body.text("name");
		RawHttp.Response response = send("POST " + SECRETS, body);
		Outcome expected = body.outcome(() -> (name == null || body.values("secret_string", "secret_binary") != 1)
				? Outcome.INVALID : Outcome.ok(200));
		assertAnswer(body, expected, response);
		if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
			return;
		}
		if (expected.status() != 200) {
			assertThat(count("select count(*) from secret where project_id = ? and name = ?", PROJECT_A, name))
				.isZero();
			return;
		}
		JsonNode secret = read(SECRETS + "/" + name).get("secret");
		assertThat(secret.get("description").asString()).isEqualTo(orEmpty(body.text("description")));
		assertValue(read(SECRETS + "/" + name + "/versions/v1").get("version"), body);
	}

	@Property(tries = 400)
	void createSecretVersionAnswersAsTheContractSays(@ForAll("createVersionBodies") Body body) {
		String secret = RUN + "-" + serial.incrementAndGet();
		new SecretFixtures(jdbc()).createSecret(PROJECT_A, secret, 1, Map.of("SYSCURRENT", "v1"), Instant.now());
		@SuppressWarnings("unchecked")
		List<String> stages = (List<String>) body.decoded("version_stages");
		// Absent, the new version takes SYSCURRENT; an empty list names no stage.
		List<String> named = (stages != null) ? stages.stream().distinct().toList() : List.of("SYSCURRENT");
		Outcome expected = body.outcome(() -> {
			if (body.values("secret_string", "secret_binary") != 1) {
				return Outcome.INVALID;
			}
			return (named.stream().filter((stage) -> !stage.equals("SYSCURRENT")).count() > 10)
					? Outcome.error(400, "CSMS.0203") : Outcome.ok(200);
		});
		RawHttp.Response response = send("POST " + SECRETS + "/" + secret + "/versions", body);
		assertAnswer(body, expected, response);
		String versions = "select count(*) from secret_version v join secret s on s.id = v.secret_id where s.name = ?";
		if (expected.status() != 200) {
			assertThat(count(versions, secret)).isOne();
			return;
		}
		JsonNode version = read(SECRETS + "/" + secret + "/versions/v2").get("version");
		assertValue(version, body);
		JsonNode metadata = version.get("version_metadata");
		assertThat(metadata.get("version_stages").valueStream().map(JsonNode::asString).toList())
			.containsExactlyInAnyOrderElementsOf(named);
		Long expireTime = (Long) body.decoded("expire_time");
		if (expireTime == null) {
			assertThat(metadata.get("expire_time").isNull()).isTrue();
		}
		else {
			assertThat(metadata.get("expire_time").asLong()).isEqualTo(expireTime / 1000 * 1000);
		}
	}

	@Property(tries = 200)
	void updateSecretStageAnswersAsTheContractSays(@ForAll("updateStageBodies") Body body) {
		String stage = SECRETS + "/" + STAGE_SECRET + "/stages/fuzz-stage";
		String before = stageVersion();
		String versionId = body.text("version_id");
		Outcome expected = body.outcome(() -> {
			if (versionId == null) {
				return Outcome.INVALID;
			}
			return (versionId.equals("v1") || versionId.equals("v2")) ? Outcome.ok(200)
					: Outcome.error(404, "CSMS.0005");
		});
		assertAnswer(body, expected, send("PUT " + stage, body));
		assertThat(stageVersion()).isEqualTo((expected.status() == 200) ? versionId : before);
	}

	@Property(tries = 200)
	void createAccessKeyAnswersAsTheContractSays(@ForAll("createKeyBodies") Body body) {
		String userId = body.text("user_id");
		Outcome expected = body.outcome(() -> {
			if (userId == null) {
				return Outcome.INVALID;
			}
			return userId.equals(USER) ? Outcome.ok(201) : Outcome.error(403, "CSMS.0302");
		});
		RawHttp.Response response = send("POST " + CREDENTIALS, body);
		assertAnswer(body, expected, response);
		if (expected.status() != 201) {
			assertThat(count("select count(*) from access_key where user_id = ?", USER)).isOne();
			return;
		}
		String created = JsonMapper.shared().readTree(response.body()).get("credential").get("access").asString();
		JsonNode credential = read(CREDENTIALS + "/" + created).get("credential");
		assertThat(credential.get("description").asString()).isEqualTo(orEmpty(body.text("description")));
		assertThat(credential.get("status").asString()).isEqualTo("active");
		assertThat(http.send("DELETE " + CREDENTIALS + "/" + created + " HTTP/1.1", TOKEN, "").status()).isEqualTo(204);
	}

	@Property(tries = 200)
	void updateAccessKeyAnswersAsTheContractSays(@ForAll("updateKeyBodies") Body body) {
		Outcome expected = body.outcome(() -> Outcome.ok(200));
		assertAnswer(body, expected, send("PUT " + CREDENTIALS + "/" + accessKey, body));
		if (expected.status() == 200) {
			keyStatus = (body.text("status") != null) ? body.text("status") : keyStatus;
			keyDescription = (body.text("description") != null) ? body.text("description") : keyDescription;
		}
		JsonNode credential = read(CREDENTIALS + "/" + accessKey).get("credential");
		assertThat(credential.get("status").asString()).isEqualTo(keyStatus);
		assertThat(credential.get("description").asString()).isEqualTo(keyDescription);
	}

	@Provide
	Arbitrary<Body> createSecretBodies() {
		Arbitrary<String> names = Arbitraries.strings()
			.withChars(NAME_CHARS)
			.ofMaxLength(40)
			// the underscore ends the serial: without it, serial 39 and suffix "2" named
			// the secret another property creates as serial 392
			.map((suffix) -> RUN + "-" + serial.incrementAndGet() + "_" + suffix);
		Arbitrary<String> badNames = Arbitraries.oneOf(Arbitraries.of("", "a b", "a/b", "名前", "x".repeat(65)),
				unicode(1, 20).filter((name) -> !name.matches("[a-zA-Z0-9_-]+")));
		return bodies(List.of(field("name", text(names, badNames)),
				secretValue(Arbitraries.of("YQ==YQ==", "Y Q==", "YWI", "YR==")),
				field("description",
						optional(text(unicode(0, 300).filter((value) -> !value.contains("\u0000")),
								Arbitraries.of("a\u0000b", "\u0000", "d".repeat(2_049))))),
				field("kms_key_id",
						optional(text(Arbitraries.just(TestTokens.MASTER_KEY_ID), Arbitraries.of("", "no-such-key")))),
				field("secret_type",
						optional(text(Arbitraries.just("COMMON"), Arbitraries.of("common", "OTHER", ""))))));
	}

	@Provide
	Arbitrary<Body> createVersionBodies() {
		Arbitrary<String> stageNames = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("SYSCURRENT")),
				Tuple.of(5,
						Arbitraries.strings()
							.withChars(NAME_CHARS)
							.ofMinLength(1)
							.ofMaxLength(64)
							.filter((name) -> !name.equals("SYSPREVIOUS"))));
		Arbitrary<String> badStageNames = Arbitraries.of("", "bad stage", "SYSPREVIOUS", "s".repeat(65), "é");
		long now = Instant.now().toEpochMilli();
		Arbitrary<Long> expireTimes = Arbitraries.longs().between(now + 86_400_000, LATEST_EXPIRE_TIME);
		Arbitrary<Long> badExpireTimes = Arbitraries.of(0L, -1L, 999L, 1_600_000_000_000L, LATEST_EXPIRE_TIME + 1,
				Long.MAX_VALUE, Long.MIN_VALUE);
		return bodies(List.of(secretValue(Arbitraries.of("Y Q==", "YWI")),
				field("version_stages", optional(stageLists(stageNames, badStageNames))),
				field("expire_time", optional(integer(expireTimes, badExpireTimes)))));
	}

	@Provide
	Arbitrary<Body> updateStageBodies() {
		Arbitrary<String> versionIds = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("v1", "v2")),
				Tuple.of(1, Arbitraries.longs().between(3, 9_999_999_999L).map((n) -> "v" + n)));
		return bodies(List.of(field("version_id",
				text(versionIds, Arbitraries.of("", "v", "V1", "x1", "v12345678901", "v-1", "v1 ", "v١")))));
	}

	@Provide
	Arbitrary<Body> createKeyBodies() {
		return credentialBodies(
				text(Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(USER)),
						Tuple.of(1, Arbitraries.of("someone-else", "", USER.toUpperCase(Locale.ROOT))))),
				notTaken(Arbitraries.of("active", "inactive", "", "ACTIVE", "deleted")));
	}

	@Provide
	Arbitrary<Body> updateKeyBodies() {
		return credentialBodies(notTaken(unicode(0, 20)),
				text(Arbitraries.of("active", "inactive"), Arbitraries.of("", "ACTIVE", "deleted")));
	}

	/**
	 * {@code {"credential": {...}}}, with the credential's fields or something else; an
	 * unknown field is refused, as a field the operation does not take.
	 */
	private Arbitrary<Body> credentialBodies(Arbitrary<Value> userIds, Arbitrary<Value> statuses) {
		Arbitrary<Body> credentials = objects(
				List.of(field("user_id", userIds),
						field("description",
								text(unicode(0, 255).filter((value) -> !value.contains("\u0000")),
										Arbitraries.of("a\u0000", "d".repeat(256)))),
						field("status", statuses)),
				Effect.INVALID);
		Arbitrary<Body> others = Arbitraries.of("\"credential\"", "1", "true", "[]", "[{}]")
			.map((json) -> new Body(json, Effect.MALFORMED, Map.of(), List.of()));
		Arbitrary<Body> missing = Arbitraries.of("null", "")
			.map((json) -> new Body(json, Effect.ABSENT, Map.of(), List.of()));
		return Combinators
			.combine(Arbitraries.frequencyOf(Tuple.of(10, credentials), Tuple.of(1, others), Tuple.of(1, missing)),
					Arbitraries.randoms())
			.as((credential, random) -> {
				Effect effect = (credential.effect() == Effect.MALFORMED) ? Effect.MALFORMED
						: (credential.effect() == Effect.ABSENT) ? Effect.INVALID : credential.effect();
				String json = credential.wire().isEmpty() ? "{}" : "{" + space(random) + "\"credential\""
						+ space(random) + ":" + space(random) + credential.wire() + space(random) + "}";
				return new Body(json, effect, credential.decoded(), credential.inputs());
			})
			.flatMap(RequestBodyFuzzTests::wholeBodies);
	}

	/** {@link #objects} made whole or broken by {@link #wholeBodies}. */
	private static Arbitrary<Body> bodies(List<Arbitrary<List<Field>>> fields) {
		return objects(fields, Effect.VALID).flatMap(RequestBodyFuzzTests::wholeBodies);
	}

	/**
	 * Objects of the given fields in any order, with whitespace anywhere, sometimes an
	 * unknown field, sometimes a field twice (its name escaped otherwise the second
	 * time).
	 * @param fields the fields
	 * @param unknownField what the operation makes of an unknown field: ignored (the
	 * secrets' bodies) or refused (the access keys')
	 */
	private static Arbitrary<Body> objects(List<Arbitrary<List<Field>>> fields, Effect unknownField) {
		Arbitrary<List<Field>> all = Combinators.combine(fields)
			.as((values) -> values.stream().flatMap(List::stream).toList());
		Arbitrary<@Nullable String> unknown = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(null)),
				Tuple.of(1, Arbitraries.of("1", "\"x\"", "{\"a\":[1,2,{\"b\":null}]}", "[]")),
				Tuple.of(1, Arbitraries.integers().between(2, MAX_DEPTH - 50).map(RequestBodyFuzzTests::nested)),
				Tuple.of(1, Arbitraries.integers().between(MAX_DEPTH + 50, 5_000).map(RequestBodyFuzzTests::nested)));
		return Combinators.combine(all, unknown, Arbitraries.randoms()).as((list, extra, random) -> {
			boolean twice = random.nextInt(12) == 0;
			List<Field> present = new ArrayList<>(list.stream().filter((field) -> !field.value().omitted()).toList());
			Collections.shuffle(present, random);
			Effect effect = Effect.VALID;
			Map<String, @Nullable Object> decoded = new LinkedHashMap<>();
			List<String> inputs = new ArrayList<>();
			List<String> members = new ArrayList<>();
			for (Field field : present) {
				members.add(member(field.name(), field.value().json(), random));
				effect = effect.and(field.value().effect());
				decoded.put(field.name(), field.value().decoded());
				if (field.value().decoded() instanceof String text) {
					inputs.add(text);
				}
			}
			for (Field field : list) {
				if (field.value().omitted()) {
					decoded.put(field.name(), null);
				}
			}
			if (twice && !present.isEmpty()) {
				Field field = present.get(random.nextInt(present.size()));
				members.add(random.nextInt(members.size() + 1), member(field.name(), "\"v9\"", random));
				effect = effect.and(Effect.MALFORMED);
			}
			if (extra != null) {
				members.add(random.nextInt(members.size() + 1), member("x-unknown-\u00e9", extra, random));
				effect = effect.and((nestingOf(extra) > MAX_DEPTH - 1) ? Effect.MALFORMED : unknownField);
			}
			return new Body("{" + space(random) + String.join("," + space(random), members) + space(random) + "}",
					effect, decoded, inputs);
		});
	}

	/**
	 * The body as it is, or broken: a key twice, cut short, another JSON value than an
	 * object at the top, or something after it.
	 */
	private static Arbitrary<Body> wholeBodies(Body body) {
		Function<String, Body> malformed = (json) -> new Body(json, Effect.MALFORMED, body.decoded(), body.inputs());
		Arbitrary<Body> cut = Arbitraries.integers()
			.between(1, body.wire().length() - 1)
			.map((end) -> malformed.apply(body.wire().substring(0, end)));
		Arbitrary<Body> notAnObject = Arbitraries.of("[", "\"", "1", "true", "null ", "").map((top) -> switch (top) {
			case "[" -> "[" + body.wire() + "]";
			case "\"" -> "\"" + body.wire().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
			default -> top;
		}).map(malformed);
		Arbitrary<Body> trailed = Arbitraries.of(" {}", "x", ",", "]")
			.map((tail) -> malformed.apply(body.wire() + tail));
		return Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.just(body)), Tuple.of(1, cut), Tuple.of(1, notAnObject),
				Tuple.of(1, trailed));
	}

	private static String member(String name, String json, Random random) {
		return jsonString(name, random) + space(random) + ":" + space(random) + json;
	}

	private static Arbitrary<List<Field>> field(String name, Arbitrary<Value> values) {
		return values.map((value) -> List.of(new Field(name, value)));
	}

	/**
	 * A field that the operation does not take: mostly left out; when there, refused
	 * whatever its value, {@code null} too. Its values are whole JSON only: such a field
	 * is refused once the body has been read, its value skipped and not read, so that
	 * only a body broken at the level of JSON itself is malformed.
	 */
	private static Arbitrary<Value> notTaken(Arbitrary<String> strings) {
		Arbitrary<Value> others = Arbitraries.of("null", "0", "true", "{}", "[\"x\"]", "{\"a\":\"b\"}")
			.map((json) -> new Value(json, Effect.INVALID, null));
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Value.OMITTED)),
				Tuple.of(1, encoded(strings, Effect.INVALID)), Tuple.of(1, others));
	}

	/** Mostly left out, as optional fields mostly are. */
	private static Arbitrary<Value> optional(Arbitrary<Value> values) {
		return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Value.OMITTED)), Tuple.of(1, values));
	}

	/**
	 * {@code secret_string} and {@code secret_binary}: mostly one of them, sometimes both
	 * or neither.
	 */
	private static Arbitrary<List<Field>> secretValue(Arbitrary<String> moreBadBinaries) {
		Arbitrary<Value> text = text(unicode(1, 300), Arbitraries.of("", "a".repeat(32_769)));
		Arbitrary<Value> binary = text(base64(), Arbitraries.oneOf(Arbitraries.of("", "!!!!", "a"), moreBadBinaries));
		Arbitrary<Value> omitted = Arbitraries.just(Value.OMITTED);
		return Arbitraries.frequencyOf(Tuple.of(8, Combinators.combine(text, omitted).as(RequestBodyFuzzTests::values)),
				Tuple.of(8, Combinators.combine(omitted, binary).as(RequestBodyFuzzTests::values)),
				Tuple.of(1, Combinators.combine(text, binary).as(RequestBodyFuzzTests::values)),
				Tuple.of(1, Combinators.combine(omitted, omitted).as(RequestBodyFuzzTests::values)));
	}

	private static List<Field> values(Value secretString, Value secretBinary) {
		return List.of(new Field("secret_string", secretString), new Field("secret_binary", secretBinary));
	}

	/**
	 * A string field: values the contract takes, values of the right type it refuses,
	 * values of another type, {@code null}, nothing, and a taken value broken by bytes
	 * that are not UTF-8, a lone surrogate or a raw control character.
	 */
	private static Arbitrary<Value> text(Arbitrary<String> valid, Arbitrary<String> invalid) {
		return Arbitraries.frequencyOf(Tuple.of(40, text(valid)), Tuple.of(3, encoded(invalid, Effect.INVALID)));
	}

	/**
	 * A string field that takes any string of its type: {@link #text} without refused
	 * values.
	 */
	private static Arbitrary<Value> text(Arbitrary<String> valid) {
		Arbitrary<Value> broken = Combinators
			.combine(valid, Arbitraries.randoms(),
					Arbitraries.of("\u00c0\u00af", "\u00ff", "\u00ed\u00a0\u0080", "\u00e2\u0082", "\u0080", "\\ud800",
							"\\udc00", "\\uDBFF", "\u0001", "\n", "\\x41", "\\u12g"))
			.as((value, random, bad) -> {
				String json = jsonString(value, random);
				return new Value(random.nextBoolean() ? "\"" + bad + json.substring(1)
						: json.substring(0, json.length() - 1) + bad + "\"", Effect.MALFORMED, null);
			});
		return Arbitraries.frequencyOf(Tuple.of(40, encoded(valid, Effect.VALID)),
				Tuple.of(3,
						wrongType("0", "12345", "1.5", "-1e3", "true", "false", "{}", "[]", "[\"x\"]",
								"{\"a\":\"b\"}")),
				Tuple.of(2, Arbitraries.of(Value.OMITTED, Value.NULL)), Tuple.of(2, broken));
	}

	/** An integer field, as {@link #text} for strings. */
	private static Arbitrary<Value> integer(Arbitrary<Long> valid, Arbitrary<Long> invalid) {
		return Arbitraries.frequencyOf(Tuple.of(20, valid.map((n) -> new Value(n.toString(), Effect.VALID, n))),
				Tuple.of(3, invalid.map((n) -> new Value(n.toString(), Effect.INVALID, n))),
				Tuple.of(3,
						wrongType("\"1800000000000\"", "1.8e12", "1800000000000.7", "1800000000000.0", "true", "{}",
								"[]", "[1800000000000]", "99999999999999999999", "1" + "0".repeat(1_500))),
				Tuple.of(2, Arbitraries.of(Value.OMITTED, Value.NULL)));
	}

	/** {@code version_stages}: a list of stage names, as {@link #text} for strings. */
	private static Arbitrary<Value> stageLists(Arbitrary<String> names, Arbitrary<String> badNames) {
		Arbitrary<List<String>> valid = Arbitraries.frequencyOf(Tuple.of(8, names.list().ofMaxSize(12)),
				Tuple.of(1, names.list().ofMinSize(11).ofMaxSize(12).uniqueElements()));
		Arbitrary<List<@Nullable String>> invalid = Arbitraries.oneOf(names.list().ofMinSize(13).ofMaxSize(20),
				Combinators.combine(names.list().ofMaxSize(5), badNames, Arbitraries.integers().between(0, 5))
					.as((list, bad, at) -> insert(list, bad, at)),
				Combinators.combine(names.list().ofMaxSize(5), Arbitraries.integers().between(0, 5))
					.as((list, at) -> insert(list, null, at)));
		return Arbitraries.frequencyOf(
				Tuple.of(20,
						Combinators.combine(valid, Arbitraries.randoms())
							.as((list, random) -> new Value(jsonArray(list, random), Effect.VALID, list))),
				Tuple.of(3,
						Combinators.combine(invalid, Arbitraries.randoms())
							.as((list, random) -> new Value(jsonArray(list, random), Effect.INVALID, list))),
				Tuple.of(3, wrongType("\"SYSCURRENT\"", "{}", "1", "[1]", "[true]", "[[\"a\"]]", "[{}]", "[\"a\",2]")),
				Tuple.of(2, Arbitraries.of(Value.OMITTED, Value.NULL)));
	}

	private static Arbitrary<Value> wrongType(String... json) {
		return Arbitraries.of(json).map((value) -> new Value(value, Effect.MALFORMED, null));
	}

	private static Arbitrary<Value> encoded(Arbitrary<String> values, Effect effect) {
		return Combinators.combine(values, Arbitraries.randoms())
			.as((value, random) -> new Value(jsonString(value, random), effect, value));
	}

	/**
	 * Strings of whole code points of every kind: ASCII, controls and NUL, Latin and CJK,
	 * right-to-left, combining marks, and characters beyond the BMP (emoji, surrogate
	 * pairs in UTF-16).
	 */
	private static Arbitrary<String> unicode(int min, int max) {
		Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
				Tuple.of(1, Arbitraries.integers().between(0, 0x1f)),
				Tuple.of(2, Arbitraries.integers().between(0xa0, 0xd7ff)),
				Tuple.of(1, Arbitraries.integers().between(0xe000, 0xfffd)),
				Tuple.of(1, Arbitraries.of(0x0301, 0x200f, 0x05d0, 0xfeff, 0x2028, 0x7f, 0x85)),
				Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
		return codePoints.list()
			.ofMinSize(min)
			.ofMaxSize(max)
			.map((list) -> list.stream()
				.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
				.toString())
			.filter((value) -> value.length() <= max);
	}

	private static Arbitrary<String> base64() {
		return Arbitraries.bytes()
			.array(byte[].class)
			.ofMinSize(1)
			.ofMaxSize(200)
			.map((bytes) -> Base64.getEncoder().encodeToString(bytes));
	}

	/**
	 * A string as JSON wire bytes: each character raw in UTF-8 or escaped, as the random
	 * choice falls; quotes, backslashes and controls always escaped.
	 */
	static String jsonString(String value, Random random) {
		StringBuilder json = new StringBuilder("\"");
		value.codePoints().forEach((codePoint) -> {
			if (codePoint == '"' || codePoint == '\\') {
				json.append('\\').append((char) codePoint);
			}
			else if (codePoint < 0x20 || random.nextInt(5) == 0) {
				for (char c : Character.toChars(codePoint)) {
					json.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
				}
			}
			else {
				json.append(new String(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8),
						StandardCharsets.ISO_8859_1));
			}
		});
		return json.append('"').toString();
	}

	private static String jsonArray(List<@Nullable String> values, Random random) {
		List<String> items = values.stream()
			.map((value) -> (value != null) ? jsonString(value, random) : "null")
			.toList();
		return "[" + space(random) + String.join("," + space(random), items) + space(random) + "]";
	}

	private static String space(Random random) {
		return switch (random.nextInt(8)) {
			case 0 -> " ";
			case 1 -> "\n\t ";
			case 2 -> "\r\n";
			default -> "";
		};
	}

	private static String nested(int depth) {
		return "[".repeat(depth - 1) + "{}" + "]".repeat(depth - 1);
	}

	private static int nestingOf(String json) {
		int depth = 0;
		int deepest = 0;
		for (char c : json.toCharArray()) {
			depth += (c == '[' || c == '{') ? 1 : (c == ']' || c == '}') ? -1 : 0;
			deepest = Math.max(deepest, depth);
		}
		return deepest + 1;
	}

	private static List<@Nullable String> insert(List<String> list, @Nullable String value, int at) {
		List<@Nullable String> all = new ArrayList<>(list);
		all.add(Math.min(at, all.size()), value);
		return all;
	}

	private static RawHttp.Response send(String methodAndPath, Body body) {
		sent.incrementAndGet();
		return http.sendJson(methodAndPath + " HTTP/1.1", TOKEN, body.wire());
	}

	/**
	 * Assert that an answer is the expected one, with the contract's headers, and that an
	 * error does not echo any string of the body.
	 */
	private static void assertAnswer(Body body, Outcome expected, RawHttp.Response response) {
		String request = abbreviate(body.wire());
		Statistics.label("expected answer").collect(expected.label());
		assertThat(response.status()).as("%s answered %s", request, response.body()).isLessThan(500);
		assertThat(response.header("Content-Type")).as(request).isEqualTo("application/json;charset=UTF-8");
		String requestId = response.header("X-Request-Id");
		assertThat(requestId).as(request).matches("[0-9a-f]{32}");
		assertThat(response.status()).as("%s answered %s", request, response.body()).isEqualTo(expected.status());
		if (expected.errorCode() == null) {
			return;
		}
		JsonNode error = JsonMapper.shared().readTree(response.body());
		assertThat(error.propertyNames()).as(request)
			.containsExactlyInAnyOrder("error_code", "error_msg", "request_id");
		assertThat(error.get("error_code").asString()).as(request).isEqualTo(expected.errorCode());
		assertThat(error.get("error_msg").asString()).as(request).matches("[A-Za-z0-9 _.,:()-]{2,512}");
		assertThat(error.get("request_id").asString()).as(request).isEqualTo(requestId);
		String answer = response.body().replace(String.valueOf(requestId), "");
		for (String input : body.inputs()) {
			if (input.length() >= 8 && !input.matches("[A-Za-z_]*")) {
				assertThat(answer).as(request).doesNotContain(input);
			}
		}
	}

	private static void assertValue(JsonNode version, Body body) {
		String secretString = body.text("secret_string");
		if (secretString != null) {
			assertThat(version.get("secret_string").asString()).isEqualTo(secretString);
			assertThat(version.has("secret_binary")).isFalse();
		}
		else {
			assertThat(version.get("secret_binary").asString()).isEqualTo(body.text("secret_binary"));
			assertThat(version.has("secret_string")).isFalse();
		}
	}

	private static JsonNode read(String path) {
		RawHttp.Response response = http.get(path, TOKEN);
		assertThat(response.status()).as("GET %s answered %s", path, response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body());
	}

	private static String stageVersion() {
		RawHttp.Response response = http.get(SECRETS + "/" + STAGE_SECRET + "/stages/fuzz-stage", TOKEN);
		return (response.status() == 404) ? "none"
				: JsonMapper.shared().readTree(response.body()).get("stage").get("version_id").asString();
	}

	private static long count(String sql, Object... parameters) {
		return jdbc().sql(sql).params(parameters).query(Long.class).single();
	}

	private static JdbcClient jdbc() {
		assertThat(jdbc).as("the service's database").isNotNull();
		return jdbc;
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	private static String sha256(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String abbreviate(String wire) {
		StringBuilder shown = new StringBuilder();
		for (char c : wire.toCharArray()) {
			shown.append((c < 0x20 || c >= 0x7f) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
		}
		return (shown.length() <= 400) ? shown.toString()
				: shown.substring(0, 300) + "...(" + wire.length() + " bytes)";
	}

	/** What the contract makes of a value: the worst of a body's values decides. */
	enum Effect {

		/** Taken. */
		VALID,

		/** Not there, or {@code null}: as if not there. */
		ABSENT,

		/** Of the right type but refused: 400 {@code CSMS.0002}. */
		INVALID,

		/** Not JSON, not UTF-8, or of another type: 400 {@code CSMS.0004}. */
		MALFORMED;

		Effect and(Effect other) {
			Effect worse = (other.ordinal() > ordinal()) ? other : this;
			return (worse == ABSENT) ? VALID : worse;
		}

	}

	/**
	 * A field's value.
	 *
	 * @param json its JSON, as wire bytes
	 * @param effect what the contract makes of it
	 * @param decoded the value it stands for, to compare with what is read back
	 */
	record Value(String json, Effect effect, @Nullable Object decoded) {

		static final Value OMITTED = new Value("", Effect.ABSENT, null);

		static final Value NULL = new Value("null", Effect.ABSENT, null);

		boolean omitted() {
			return this.json.isEmpty();
		}

	}

	record Field(String name, Value value) {

	}

	/**
	 * A generated body.
	 *
	 * @param wire the body, as wire bytes
	 * @param effect the worst of its values
	 * @param decoded the value of each field, {@code null} when not there
	 * @param inputs the strings it holds
	 */
	record Body(String wire, Effect effect, Map<String, @Nullable Object> decoded, List<String> inputs) {

		@Nullable Object decoded(String field) {
			return this.decoded.get(field);
		}

		@Nullable String text(String field) {
			return (this.decoded.get(field) instanceof String text) ? text : null;
		}

		/** How many of these fields are there. */
		int values(String... fields) {
			return (int) List.of(fields).stream().filter((field) -> this.decoded.get(field) != null).count();
		}

		/**
		 * The answer for this body: 400 {@code CSMS.0004} when it is malformed, 400
		 * {@code CSMS.0002} when a value is refused or a required one is missing (the
		 * operation's {@code required} fields), otherwise what the operation decides.
		 */
		Outcome outcome(Supplier<Outcome> operation) {
			return switch (this.effect) {
				case MALFORMED -> Outcome.MALFORMED;
				case INVALID -> Outcome.INVALID;
				default -> operation.get();
			};
		}

	}

	/**
	 * An expected answer: a status, and an error code for an error.
	 */
	record Outcome(int status, @Nullable String errorCode) {

		static final Outcome MALFORMED = error(400, "CSMS.0004");

		static final Outcome INVALID = error(400, "CSMS.0002");

		static Outcome ok(int status) {
			return new Outcome(status, null);
		}

		static Outcome error(int status, String errorCode) {
			return new Outcome(status, errorCode);
		}

		String label() {
			return (this.errorCode != null) ? this.status + " " + this.errorCode : String.valueOf(this.status);
		}

	}

}
