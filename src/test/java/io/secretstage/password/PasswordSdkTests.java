package io.secretstage.password;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.huaweicloud.sdk.csms.v1.CsmsClient;
import com.huaweicloud.sdk.csms.v1.model.CreatePasswordRequestBody;
import com.huaweicloud.sdk.csms.v1.model.GenerateRandomPasswordRequest;
import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.ApiTest;
import io.secretstage.SdkErrors;
import io.secretstage.TestLogs;
import io.secretstage.accesskey.TestAccessKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of GenerateRandomPassword through Huawei's official Java SDK signing with an
 * access key, with and without a body, and each error it can answer; over plain HTTP,
 * bodies the SDK cannot send (values of the wrong JSON type, a key twice, a lone
 * surrogate), that the answer is not to be cached, and that no password reaches the logs,
 * access log and Spring MVC's debug lines included.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class PasswordSdkTests {

	private static final String GENERATE = "/v1/" + PROJECT_A + "/csms/generate-password";

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	private TestAccessKey key;

	@BeforeEach
	void key() {
		this.jdbc.sql("delete from access_key where user_id in ('user-a', 'user-read-only')").update();
		this.key = TestAccessKey.create(this.port, TOKEN_A, "user-a", PROJECT_A);
	}

	@Test
	void generateWithoutABodyThen32CharactersOfTheDefaultClasses() {
		String password = csms().generateRandomPassword(new GenerateRandomPasswordRequest()).getPassword();

		assertThat(password).matches("[a-zA-Z0-9\\p{Punct}]{32}");
	}

	@Test
	void generateWithAnEmptyBodyThenTheDefaults() {
		String password = generate(new CreatePasswordRequestBody());

		assertThat(password).matches("[a-zA-Z0-9\\p{Punct}]{32}");
	}

	@Test
	void generateWithEveryFieldThenThePasswordAsked() {
		CreatePasswordRequestBody body = new CreatePasswordRequestBody().withLength(64)
			.withExcludePunctuation(true)
			.withIncludeSpace(true)
			.withExcludeCharacters("0OoIl1 ")
			.withRequireEachIncludedType(true)
			.withExcludeLowercase(false)
			.withExcludeUppercase(false)
			.withExcludeNumbers(false)
			.withPasswordPolicyName("ignored");

		for (int i = 0; i < 20; i++) {
			assertThat(generate(body)).matches("[a-km-np-zA-HJ-NP-Z2-9]{64}")
				.containsPattern("[a-z]")
				.containsPattern("[A-Z]")
				.containsPattern("[0-9]");
		}
	}

	@Test
	void generateWithTheKeyOfAUserWithoutTheWriteRoleThen200() {
		CsmsClient readOnly = TestAccessKey.create(this.port, READ_ONLY_TOKEN_A, "user-read-only", PROJECT_A)
			.client(this.port);

		assertThat(readOnly.generateRandomPassword(new GenerateRandomPasswordRequest()).getPassword()).hasSize(32);
	}

	@Test
	void generateWithInvalidFieldsThen400NamingThem() {
		List<CreatePasswordRequestBody> invalid = List.of(new CreatePasswordRequestBody().withLength(0),
				new CreatePasswordRequestBody().withLength(256),
				new CreatePasswordRequestBody().withExcludeCharacters("\u00e9"),
				new CreatePasswordRequestBody().withExcludeCharacters("x".repeat(257)),
				new CreatePasswordRequestBody().withPasswordPolicyName("p".repeat(65)),
				new CreatePasswordRequestBody().withLength(3).withRequireEachIncludedType(true),
				new CreatePasswordRequestBody().withExcludeLowercase(true)
					.withExcludeUppercase(true)
					.withExcludeNumbers(true)
					.withExcludePunctuation(true));
		List<String> messages = new ArrayList<>();
		for (CreatePasswordRequestBody body : invalid) {
			messages.add(SdkErrors.assertRefused(() -> generate(body), 400, "CSMS.0002").getErrorMsg());
		}

		assertThat(messages).containsExactly("The value of parameter length is invalid.",
				"The value of parameter length is invalid.", "The value of parameter exclude_characters is invalid.",
				"The value of parameter exclude_characters is invalid.",
				"The value of parameter password_policy_name is invalid.", "The value of parameter length is invalid.",
				"The value of parameter exclude_lowercase, exclude_uppercase, exclude_numbers, exclude_punctuation"
						+ " is invalid.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"length\":\"12\"}", "{\"length\":12.5}", "{\"length\":true}",
			"{\"exclude_numbers\":\"true\"}", "{\"exclude_numbers\":1}", "{\"exclude_numbers\":0.0}",
			"{\"exclude_characters\":5}", "{\"length\":12,\"length\":13}", "{\"exclude_characters\":\"\\ud800\"}",
			"{\"lenght\":12,\"length\":\"12\"}" })
	void postWithAValueOfTheWrongJsonTypeOrAKeyTwiceThen400CSMS0004(String body) {
		new ApiClient(this.client).post(GENERATE, TOKEN_A, body).assertError(400, "CSMS.0004");
	}

	@Test
	void generateWithAnUnknownKeyThen401() {
		TestAccessKey unknown = new TestAccessKey("UNKNOWN0000000000000", this.key.secret(), PROJECT_A);

		SdkErrors.assertRefused(
				() -> unknown.client(this.port).generateRandomPassword(new GenerateRandomPasswordRequest()), 401,
				"APIGW.0301");
	}

	@Test
	void generateInAnotherProjectThen403() {
		TestAccessKey otherProject = new TestAccessKey(this.key.access(), this.key.secret(), PROJECT_B);

		SdkErrors.assertRefused(() -> otherProject.client(this.port)
			.generateRandomPassword(
					new GenerateRandomPasswordRequest().withBody(new CreatePasswordRequestBody().withLength(0))),
				403, "CSMS.0302");
	}

	@Test
	void generateThenNotToBeCachedAndNeverLogged(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		Map<String, @Nullable LogLevel> levels = new LinkedHashMap<>();
		for (String name : List.of("io.secretstage.access", "io.secretstage", "org.springframework.web",
				"org.springframework.security")) {
			LoggerConfiguration configuration = logging.getLoggerConfiguration(name);
			levels.put(name, (configuration != null) ? configuration.getConfiguredLevel() : null);
		}
		List<String> passwords = new ArrayList<>();
		try {
			levels.keySet()
				.forEach(
						(name) -> logging.setLogLevel(name, name.endsWith(".access") ? LogLevel.INFO : LogLevel.DEBUG));
			Reply reply = new ApiClient(this.client).post(GENERATE, TOKEN_A, "{\"length\":40}");
			passwords.add(reply.assertOk(200).get("password").asString());
			assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
			passwords.add(csms().generateRandomPassword(new GenerateRandomPasswordRequest()).getPassword());
			passwords.add(generate(new CreatePasswordRequestBody().withLength(255).withIncludeSpace(true)));
		}
		finally {
			levels.forEach(logging::setLogLevel);
		}

		String logs = TestLogs.flushed(output);
		assertThat(logs).contains("POST " + GENERATE + " 200");
		assertThat(passwords).hasSize(3)
			.allSatisfy((password) -> assertThat(logs).doesNotContain(password).doesNotContain(jsonEscaped(password)));
		assertThat(new PasswordResponse(passwords.getFirst())).asString().doesNotContain(passwords.getFirst());
	}

	/**
	 * A password as a JSON log line would hold it, with {@code "} and {@code \} escaped.
	 */
	private static String jsonEscaped(String password) {
		String string = JsonMapper.shared().writeValueAsString(password);
		return string.substring(1, string.length() - 1);
	}

	private String generate(CreatePasswordRequestBody body) {
		return csms().generateRandomPassword(new GenerateRandomPasswordRequest().withBody(body)).getPassword();
	}

	private CsmsClient csms() {
		return this.key.client(this.port);
	}

}
