package io.secretstage.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.secretstage.ApiTest;
import io.secretstage.RawHttp;
import io.secretstage.SecretFixtures;
import io.secretstage.TestDatabaseConfiguration;
import io.secretstage.TestInstances;
import io.secretstage.TestTokens;
import io.secretstage.http.ShowStageModel.Expected;
import io.secretstage.http.ShowStageModel.Found;
import io.secretstage.http.ShowStageModel.Identity;
import io.secretstage.http.ShowStageModel.Stored;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.secretstage.ApiErrors.assertError;
import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the whole request path with generated requests: path segments, project ids
 * and {@code X-Auth-Token} values with unicode, control characters, encoded slashes, dots
 * and NULs, thousands of characters, or nearly right. Each goes over a raw socket to the
 * running service, and each answer must be what {@link ShowStageModel} works out from the
 * contract: never a 5xx, always JSON, the contract's error body, and never the input
 * echoed back.
 * <p>
 * jqwik properties run outside Spring's JUnit Jupiter extension, so the class starts the
 * service itself, once, with the configuration and database of {@link ApiTest}.
 */
@Tag("fuzz")
class RequestFuzzTests {

	private static final Instant CREATED = Instant.parse("2021-03-04T05:06:07Z");

	private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

	/** Printable ASCII without space: every character a token may have. */
	private static final String TOKEN_CHARS = NAME_CHARS + "!\"#$%&'()*+,./:;<=>?@[\\]^`{|}~";

	private static final Map<String, Identity> TOKENS = Map.of(TestTokens.TOKEN_A, new Identity(PROJECT_A, false),
			TestTokens.TOKEN_B, new Identity(PROJECT_B, false), TestTokens.READ_ONLY_TOKEN_A,
			new Identity(PROJECT_A, false), TestTokens.EXPIRED_TOKEN_A, new Identity(PROJECT_A, true),
			TestTokens.TOKEN_A_20_KB, new Identity(PROJECT_A, false), TestTokens.TOKEN_A_64_KB,
			new Identity(PROJECT_A, false));

	private static @Nullable ConfigurableApplicationContext service;

	private static RawHttp http = new RawHttp(0);

	private static ShowStageModel model = new ShowStageModel(Map.of(), Map.of());

	/** The names of the fixtures' secrets and stages, for generated segments to hit. */
	private static List<String> knownNames = List.of();

	/** Every stage of the fixtures. */
	private static List<Target> existing = List.of();

	@BeforeContainer
	static void startTheServiceWithFixtures() {
		service = TestInstances.start(TestInstances.settings(), TestDatabaseConfiguration.class);
		http = new RawHttp(TestInstances.port(service));
		SecretFixtures fixtures = new SecretFixtures(service.getBean(JdbcClient.class));
		// Unique names: the database outlives this class when it is not the embedded one.
		String run = "fz-" + UUID.randomUUID().toString().substring(0, 8);
		String longName = (run + "-long-").concat("x".repeat(64)).substring(0, 64);
		String longStage = "stage-".concat("y".repeat(64)).substring(0, 64);
		Map<String, Map<String, Map<String, String>>> stages = Map.of(PROJECT_A,
				Map.of(run + "-one", Map.of("SYSCURRENT", "v3", "SYSPREVIOUS", "v2", "pinned", "v1"), longName,
						Map.of("SYSCURRENT", "v1", longStage, "v1")),
				PROJECT_B, Map.of(run + "-one", Map.of("SYSCURRENT", "v1"), run + "-b",
						Map.of("SYSCURRENT", "v2", "SYSPREVIOUS", "v1")));
		Map<String, Map<String, Map<String, Stored>>> stored = new LinkedHashMap<>();
		List<String> names = new ArrayList<>(List.of("SYSCURRENT", "SYSPREVIOUS", "pinned", longStage));
		List<Target> targets = new ArrayList<>();
		stages.forEach((project, secrets) -> secrets.forEach((secret, secretStages) -> {
			int versions = secretStages.values()
				.stream()
				.mapToInt((id) -> Integer.parseInt(id.substring(1)))
				.max()
				.orElseThrow();
			fixtures.createSecret(project, secret, versions, secretStages, CREATED);
			Map<String, Stored> byName = new LinkedHashMap<>();
			secretStages.forEach((stage, versionId) -> {
				long updateTime = SecretFixtures.versionTime(CREATED, Integer.parseInt(versionId.substring(1)))
					.toEpochMilli();
				byName.put(stage, new Stored(versionId, updateTime));
				targets.add(new Target(project, secret, stage));
			});
			stored.computeIfAbsent(project, (key) -> new LinkedHashMap<>()).put(secret, byName);
			if (!names.contains(secret)) {
				names.add(secret);
			}
		}));
		model = new ShowStageModel(TOKENS, stored);
		knownNames = List.copyOf(names);
		existing = List.copyOf(targets);
	}

	@AfterContainer
	static void stopTheService() {
		if (service != null) {
			service.close();
			service = null;
		}
	}

	@Property(tries = 600)
	void getWhenSecretOrStageNameIsGeneratedThenTheAnswerIsTheContracts(@ForAll("secretsAndStages") Target target,
			@ForAll("callers") @Nullable String token) {
		check(target, token);
	}

	@Property(tries = 400)
	void getWhenProjectIdIsGeneratedThenTheAnswerIsTheContracts(@ForAll("projects") Target target,
			@ForAll("callers") @Nullable String token) {
		check(target, token);
	}

	@Property(tries = 500)
	void getWhenTokenIsGeneratedThenTheAnswerIsTheContracts(@ForAll("existingStages") Target target,
			@ForAll("tokens") @Nullable String token) {
		check(target, token);
	}

	@Property(generation = GenerationMode.EXHAUSTIVE)
	void requestWhenMethodOrVersionVariesThenTheAnswerIsTheContracts(@ForAll("methods") String method,
			@ForAll("versions") String version, @ForAll("someCallers") @Nullable String token) {
		Target target = inProjectA();
		Expected expected = model.expect(method, target.project(), target.secret(), target.stage(), token);
		String requestLine = method + " " + target.path() + " " + version;
		RawHttp.Response response = http.send(requestLine, token, "");
		assertAnswer(abbreviate(requestLine) + " with token " + abbreviate(token), expected, response,
				!method.equals("HEAD"), List.of(method));
	}

	@Property(generation = GenerationMode.EXHAUSTIVE)
	void requestWhenMethodVersionOrCodingIsUnsupportedThen400(
			@ForAll("unsupportedRequests") Tuple2<String, String> requestLineAndHeaders) {
		Target target = inProjectA();
		String requestLine = requestLineAndHeaders.get1().replace("{path}", target.path());
		RawHttp.Response response = http.send(requestLine, TestTokens.TOKEN_A, requestLineAndHeaders.get2());
		assertAnswer(abbreviate(requestLine + "\r\n" + requestLineAndHeaders.get2()),
				Expected.error(400, "CSMS.0003", "The request is invalid."), response, true, List.of());
	}

	@Property(generation = GenerationMode.EXHAUSTIVE)
	void getWhenAPathParameterHoldsABadEscapeThen400(@ForAll("badPathParameters") String path) {
		RawHttp.Response response = http.get(path, TestTokens.TOKEN_A);
		assertAnswer("GET " + abbreviate(path), Expected.error(400, "CSMS.0003", "The request is invalid."), response,
				true, List.of(path));
	}

	/** A stage of the fixtures in the project of {@link TestTokens#TOKEN_A}. */
	private static Target inProjectA() {
		return existing.stream().filter((target) -> target.project().equals(PROJECT_A)).findFirst().orElseThrow();
	}

	private static void check(Target target, @Nullable String token) {
		Expected expected = model.expect(target.project(), target.secret(), target.stage(), token);
		RawHttp.Response response = http.get(target.path(), token);
		List<String> inputs = new ArrayList<>(List.of(target.project(), target.secret(), target.stage()));
		if (token != null) {
			inputs.add(token);
		}
		assertAnswer("GET " + abbreviate(target.path()) + " with token " + abbreviate(token), expected, response, true,
				inputs);
	}

	/**
	 * Assert that an answer is the expected one, with the contract's headers and body,
	 * and that it does not echo any of the inputs.
	 */
	private static void assertAnswer(String request, Expected expected, RawHttp.Response response, boolean hasBody,
			List<String> inputs) {
		Statistics.label("expected answer").collect(expected.label());
		assertThat(response.status()).as("%s answered %s", request, response.body()).isLessThan(500);
		assertThat(response.header("Content-Type")).as(request).isEqualTo("application/json;charset=UTF-8");
		String requestId = response.header("X-Request-Id");
		assertThat(requestId).as(request).matches("[0-9a-f]{32}");
		assertThat(response.headers()).as(request).doesNotContainKey("server");
		assertThat(response.status()).as("%s answered %s", request, response.body()).isEqualTo(expected.status());
		if (expected.status() == 405) {
			assertThat(response.header("Allow")).as(request).isNotBlank();
		}
		if (!hasBody) {
			assertThat(response.body()).as(request).isEmpty();
			return;
		}
		JsonNode body = JsonMapper.shared().readTree(response.body());
		Found found = expected.found();
		if (found == null) {
			assertError(response, expected.status(), expected.errorCode(), expected.errorMsg());
			String errorCode = body.get("error_code").asString();
			assertThat(ShowStageModel.ERROR_CODES).as(request).containsKey(errorCode);
			assertThat(ShowStageModel.ERROR_CODES.get(errorCode)).as(request).contains(expected.status());
		}
		else {
			assertStageBody(request, body, found);
		}
		// Belt and braces to the exact bodies above: no input comes back, except the
		// names a 200 is about, which the contract returns.
		String bodyText = response.body().replace(String.valueOf(requestId), "");
		for (String input : inputs) {
			if (!harmless(input, expected)) {
				assertThat(bodyText).as(request).doesNotContain(input);
			}
		}
	}

	private static void assertStageBody(String request, JsonNode body, Found found) {
		assertThat(body.propertyNames()).as(request).containsExactly("stage");
		JsonNode stage = body.get("stage");
		assertThat(stage.propertyNames()).as(request)
			.containsExactlyInAnyOrder("name", "version_id", "update_time", "secret_name");
		assertThat(stage.get("name").asString()).as(request).isEqualTo(found.name());
		assertThat(stage.get("secret_name").asString()).as(request).isEqualTo(found.secretName());
		assertThat(stage.get("version_id").asString()).as(request).isEqualTo(found.stored().versionId());
		assertThat(stage.get("update_time").isIntegralNumber()).as(request).isTrue();
		assertThat(stage.get("update_time").asLong()).as(request).isEqualTo(found.stored().updateTime());
	}

	/**
	 * An input that may be in the body: empty, part of the fixed text of the expected
	 * error (such as {@code "e"} in "The request is invalid."), or one of the names a 200
	 * returns.
	 */
	private static boolean harmless(String input, Expected expected) {
		String fixed = "{\"error_code\":\"" + expected.errorCode() + "\",\"error_msg\":\"" + expected.errorMsg()
				+ "\",\"request_id\":\"\"}";
		Found found = expected.found();
		return input.isEmpty() || fixed.contains(input)
				|| (found != null && (input.equals(found.name()) || input.equals(found.secretName())));
	}

	private static String abbreviate(@Nullable String wire) {
		if (wire == null) {
			return "none";
		}
		StringBuilder shown = new StringBuilder();
		for (char c : wire.toCharArray()) {
			shown.append((c < 0x20 || c >= 0x7f) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
		}
		return (shown.length() <= 300) ? shown.toString()
				: shown.substring(0, 200) + "...(" + wire.length() + " bytes)";
	}

	/** The fixtures' stages, with some characters of their names percent-encoded. */
	@Provide
	Arbitrary<Target> existingStages() {
		Arbitrary<Target> plain = Arbitraries.of(existing);
		Arbitrary<Target> encoded = Combinators.combine(plain, encodings(), encodings())
			.as((target, secret, stage) -> new Target(target.project(), secret.apply(target.secret()),
					stage.apply(target.stage())));
		return Arbitraries.frequencyOf(Tuple.of(3, plain), Tuple.of(1, encoded));
	}

	/** The fixtures' stages with a generated secret name, stage name, or both. */
	@Provide
	Arbitrary<Target> secretsAndStages() {
		Arbitrary<Target> stages = existingStages();
		Arbitrary<String> segments = segments();
		return Arbitraries.frequencyOf(Tuple.of(1, stages),
				Tuple.of(3,
						Combinators.combine(stages, segments)
							.as((target, secret) -> new Target(target.project(), secret, target.stage()))),
				Tuple.of(3,
						Combinators.combine(stages, segments)
							.as((target, stage) -> new Target(target.project(), target.secret(), stage))),
				Tuple.of(1, Combinators.combine(stages, segments, segments)
					.as((target, secret, stage) -> new Target(target.project(), secret, stage))));
	}

	/** The fixtures' stages with a generated project id. */
	@Provide
	Arbitrary<Target> projects() {
		return Combinators.combine(existingStages(), projectIds())
			.as((target, project) -> new Target(project, target.secret(), target.stage()));
	}

	@Provide
	Arbitrary<String> methods() {
		return Arbitraries.of("GET", "HEAD", "POST", "PATCH", "OPTIONS", "TRACE", "FOO", "get", "PROPFIND", "G\u0001T",
				"GET\u00e9");
	}

	@Provide
	Arbitrary<String> versions() {
		return Arbitraries.of("HTTP/1.1", "HTTP/1.0");
	}

	@Provide
	Arbitrary<String> someCallers() {
		return Arbitraries.of(TestTokens.TOKEN_A, TestTokens.TOKEN_B, null);
	}

	@Provide
	Arbitrary<String> badPathParameters() {
		String stage = "/v1/" + PROJECT_A + "/secrets/";
		return Arbitraries.of(stage + ";%/stages/SYSCURRENT", stage + "demo;%zz/stages/SYSCURRENT",
				stage + "demo;a=%4/stages/SYSCURRENT", stage + "demo/stages/SYSCURRENT;%", "/v1;%", "/other;%zz");
	}

	/** Request lines (with {@code {path}} for the path) and header lines. */
	@Provide
	Arbitrary<Tuple2<String, String>> unsupportedRequests() {
		return Arbitraries.of(Tuple.of("CONNECT {path} HTTP/1.1", ""), Tuple.of("GET {path} HTTP/2.0", ""),
				Tuple.of("GET {path} HTTP/1.2", ""), Tuple.of("GET {path} HTTP/9.9", ""),
				Tuple.of("GET {path} HTTP/1.1", "Transfer-Encoding: gzip\r\n"));
	}

	/** The caller's token in the path properties: mostly the right one. */
	@Provide
	Arbitrary<String> callers() {
		return Arbitraries
			.of(TestTokens.TOKEN_A, TestTokens.TOKEN_A, TestTokens.TOKEN_A, TestTokens.TOKEN_A, TestTokens.TOKEN_A,
					TestTokens.TOKEN_B, TestTokens.READ_ONLY_TOKEN_A, TestTokens.EXPIRED_TOKEN_A,
					"unknown-token-0123456789abcdef0123456789")
			.injectNull(0.1);
	}

	/** Path segments of every kind, alone or two of them run together. */
	private Arbitrary<String> segments() {
		Arbitrary<String> one = segment();
		return Arbitraries.frequencyOf(Tuple.of(5, one), Tuple.of(1, Combinators.combine(one, one).as(String::concat)));
	}

	private Arbitrary<String> projectIds() {
		Arbitrary<String> known = Arbitraries.of(PROJECT_A, PROJECT_B);
		return Arbitraries.frequencyOf(Tuple.of(3, known), Tuple.of(2, encodeSome(known)),
				Tuple.of(1, known.map((id) -> id.toUpperCase(Locale.ROOT))),
				Tuple.of(2, Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(32).ofMaxLength(64)),
				Tuple.of(2, Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(31)),
				Tuple.of(2, Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(65).ofMaxLength(4096)),
				Tuple.of(4, segment()));
	}

	/**
	 * {@code X-Auth-Token} values as wire bytes: the real tokens, padded, nearly right,
	 * empty, random, up to 80 KB, unicode as UTF-8, control characters and bytes over
	 * 0x7F. Never a line feed, which would end the header and make another request.
	 */
	@Provide
	Arbitrary<String> tokens() {
		Arbitrary<String> real = Arbitraries.of(TOKENS.keySet().stream().sorted().toList());
		Arbitrary<String> shortReal = Arbitraries.of(TestTokens.TOKEN_A, TestTokens.TOKEN_B,
				TestTokens.READ_ONLY_TOKEN_A, TestTokens.EXPIRED_TOKEN_A);
		Arbitrary<String> whitespace = Arbitraries.strings().withChars(" \t").ofMaxLength(3);
		Arbitrary<Integer> at = Arbitraries.integers().between(0, 1000);
		Arbitrary<String> padded = Combinators.combine(whitespace, real, whitespace).as((a, b, c) -> a + b + c);
		Arbitrary<String> mutated = Combinators
			.combine(shortReal, at, Arbitraries.chars().with(TOKEN_CHARS.toCharArray()),
					Arbitraries.integers().between(0, 2))
			.as(RequestFuzzTests::mutate);
		Arbitrary<String> caseFlipped = shortReal.map((token) -> token.toUpperCase(Locale.ROOT));
		Arbitrary<String> truncated = Combinators.combine(shortReal, at)
			.as((token, length) -> token.substring(0, Math.min(length, token.length() - 1)));
		Arbitrary<String> blank = Arbitraries.of("", " ", "\t", " \t ");
		Arbitrary<String> random = Arbitraries.strings().withChars(TOKEN_CHARS).ofMinLength(1).ofMaxLength(200);
		Arbitrary<String> huge = Combinators
			.combine(Arbitraries.chars().with(TOKEN_CHARS.toCharArray()), Arbitraries.integers().between(1000, 80_000))
			.as((c, length) -> String.valueOf(c).repeat(length));
		Arbitrary<String> unicode = Arbitraries.strings()
			.all()
			.ofMinLength(1)
			.ofMaxLength(40)
			.map((text) -> utf8(text).replace("\n", ""));
		Arbitrary<Character> control = Arbitraries.chars().range('\u0000', '\u001f').filter((c) -> c != '\n');
		Arbitrary<String> withControl = Combinators.combine(shortReal, at, control, Arbitraries.just(1))
			.as(RequestFuzzTests::mutate);
		Arbitrary<String> withHighByte = Combinators
			.combine(shortReal, at, Arbitraries.chars().range('\u007f', '\u00ff'), Arbitraries.integers().between(0, 1))
			.as(RequestFuzzTests::mutate);
		return Arbitraries
			.frequencyOf(Tuple.of(3, real), Tuple.of(2, padded), Tuple.of(3, mutated), Tuple.of(1, caseFlipped),
					Tuple.of(1, truncated), Tuple.of(1, blank), Tuple.of(2, random), Tuple.of(1, huge),
					Tuple.of(2, unicode), Tuple.of(2, withControl), Tuple.of(2, withHighByte))
			.injectNull(0.05);
	}

	/**
	 * One path segment as wire bytes: a known or valid name, possibly encoded; too long;
	 * sub-delimiters; unicode encoded or raw; control characters; encoded bytes that may
	 * not be UTF-8; and the classic traps of path traversal and encoding. Raw {@code /}
	 * and {@code ?} are sent encoded: raw, they would make another path, not a bad
	 * segment.
	 */
	private Arbitrary<String> segment() {
		Arbitrary<String> known = Arbitraries.of(knownNames);
		Arbitrary<String> valid = Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(64);
		Arbitrary<String> tooLong = Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(65).ofMaxLength(4096);
		Arbitrary<String> plain = Arbitraries.strings()
			.withChars("Aa0_-.~!$&'()*+,=:@;")
			.ofMinLength(1)
			.ofMaxLength(12);
		Arbitrary<String> encodedUnicode = Arbitraries.strings()
			.all()
			.ofMinLength(1)
			.ofMaxLength(8)
			.map((text) -> percentEncode(utf8(text)));
		Arbitrary<String> rawUnicode = Arbitraries.strings()
			.all()
			.ofMinLength(1)
			.ofMaxLength(8)
			.map(RequestFuzzTests::utf8);
		Arbitrary<String> controls = Arbitraries.strings()
			.withChars("a\u0000\u0001\u0007\t\u000b\u001b\r\u007f ")
			.ofMinLength(1)
			.ofMaxLength(6);
		Arbitrary<String> encodedBytes = Arbitraries.bytes()
			.array(byte[].class)
			.ofMinSize(1)
			.ofMaxSize(6)
			.map((bytes) -> percentEncode(new String(bytes, StandardCharsets.ISO_8859_1)));
		Arbitrary<String> traps = Arbitraries.of("", ".", "..", "...", "%2e", "%2E", "%2e%2e", ".%2e", "%2F", "%2f",
				"a%2Fb", "..%2F..", "%00", "SYSCURRENT%00", "%5C", "%5c", "\\", "%25", "%252F", "%252e", "%3B", "%3b",
				";", ";jsessionid=1", "%0D%0A", "%0a", "%0d", "%E2%80%A8", "%E2%80%A9", "%C0%AF", "%C0%AE%C0%AE",
				"%C0%80", "%ED%A0%80", "%F4%90%80%80", "%", "%z", "%zz", "%4", "%u002e", "a b", "%20", "%09", "%7e",
				"~", "*", "null", "latest", "v1", "%7F", "%C2%85", "%EF%BB%BFSYSCURRENT", "SYSCURRENT%20", "%EF%BF%BF",
				"%F0%9F%98%80", "<script>alert(1)</script>", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%3Cscript%3E",
				"${jndi:ldap:x}", "%24%7Bjndi%3Aldap%3Ax%7D", "'%20OR%20'1'%3D'1", "%27%3B--", "{secret_name}",
				"%7Bsecret_name%7D", "%22%7D", "a\"b");
		Arbitrary<String> one = Arbitraries.frequencyOf(Tuple.of(4, known), Tuple.of(2, encodeSome(known)),
				Tuple.of(1, known.map((name) -> name.toLowerCase(Locale.ROOT))), Tuple.of(3, valid),
				Tuple.of(2, tooLong), Tuple.of(2, plain), Tuple.of(2, encodedUnicode), Tuple.of(2, rawUnicode),
				Tuple.of(2, controls), Tuple.of(2, encodedBytes), Tuple.of(4, traps));
		return one.map((raw) -> raw.replace("/", "%2F").replace("?", "%3F").replace("\n", "%0A"));
	}

	/** Percent-encode some characters of each name, in upper or lower case hex. */
	private static Arbitrary<String> encodeSome(Arbitrary<String> names) {
		return Combinators.combine(names, encodings()).as((name, encoding) -> encoding.apply(name));
	}

	/**
	 * Ways to percent-encode some characters of a name (or none), in upper or lower case
	 * hex.
	 */
	private static Arbitrary<UnaryOperator<String>> encodings() {
		return Combinators.combine(Arbitraries.longs(), Arbitraries.of(true, false))
			.as((which, lowerCase) -> (name) -> {
				StringBuilder encoded = new StringBuilder();
				for (int i = 0; i < name.length(); i++) {
					char c = name.charAt(i);
					if ((which >>> (i % 64) & 1) == 1) {
						String hex = String.format("%%%02X", (int) c);
						encoded.append(lowerCase ? hex.toLowerCase(Locale.ROOT) : hex);
					}
					else {
						encoded.append(c);
					}
				}
				return encoded.toString();
			});
	}

	/** Replace (0), insert (1) or delete (2) the character at a position. */
	private static String mutate(String token, int at, char c, int how) {
		int i = at % token.length();
		return switch (how) {
			case 0 -> token.substring(0, i) + c + token.substring(i + 1);
			case 1 -> token.substring(0, i) + c + token.substring(i);
			default -> token.substring(0, i) + token.substring(i + 1);
		};
	}

	/** A text's UTF-8 bytes, as wire bytes. */
	private static String utf8(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	/** Every byte percent-encoded. */
	private static String percentEncode(String wire) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : wire.getBytes(StandardCharsets.ISO_8859_1)) {
			encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
		}
		return encoded.toString();
	}

	/**
	 * The path of a ShowSecretStage request.
	 *
	 * @param project the project id segment, as wire bytes
	 * @param secret the secret name segment, as wire bytes
	 * @param stage the stage name segment, as wire bytes
	 */
	record Target(String project, String secret, String stage) {

		String path() {
			return "/v1/" + this.project + "/secrets/" + this.secret + "/stages/" + this.stage;
		}

	}

}
