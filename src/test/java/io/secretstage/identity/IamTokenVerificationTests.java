package io.secretstage.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.SecretFixtures;
import io.secretstage.TestDatabaseConfiguration;
import io.secretstage.TestLogs;
import io.secretstage.TestTokens;
import io.secretstage.identity.FakeKeystone.Mode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.secretstage.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IamTokenVerifier} over real HTTP: the whole service, configured with
 * the {@code iam} verifier, against a Keystone-like identity service on loopback.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "csms.crypto.master-keys[0].id=" + TestTokens.MASTER_KEY_ID,
				"csms.crypto.master-keys[0].key=" + TestTokens.MASTER_KEY, "csms.identity.verifier=iam",
				"csms.identity.iam.username=" + FakeKeystone.SERVICE_USER,
				"csms.identity.iam.password=" + FakeKeystone.SERVICE_PASSWORD,
				"csms.identity.iam.user-domain=service-domain",
				"csms.identity.iam.project-id=5e7f0000000000000000000000000001",
				"csms.identity.iam.connect-timeout=500ms", "csms.identity.iam.read-timeout=1500ms",
				"csms.identity.iam.cache.max-ttl=3s", "csms.identity.iam.cache.negative-ttl=1s",
				"csms.identity.iam.circuit.failures=3", "csms.identity.iam.circuit.open-for=5s",
				"csms.identity.required-roles.read=csms-reader,te_admin", "logging.level.io.secretstage=debug",
				"logging.level.io.secretstage.access=warn", "logging.level.org.springframework.security=debug" })
@Import(TestDatabaseConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class IamTokenVerificationTests {

	private static final String PROJECT = "1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d";

	private static final String OTHER_PROJECT = "9f8e7d6c5b4a9f8e7d6c5b4a9f8e7d6c";

	private static final Set<String> READER = Set.of("csms-reader");

	private static final FakeKeystone keystone = FakeKeystone.start();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	private ApiClient api;

	@DynamicPropertySource
	static void identityService(DynamicPropertyRegistry registry) {
		registry.add("csms.identity.iam.base-url", keystone::baseUrl);
	}

	@AfterAll
	static void stopIdentityService() {
		keystone.stop();
	}

	/**
	 * Start each test with a healthy identity service, a closed circuit (a successful
	 * call closes it, once the last test's failures let one through) and zero counts.
	 */
	@BeforeEach
	void resetIdentityService() throws Exception {
		this.api = new ApiClient(this.port);
		keystone.reset();
		if (this.jdbc.sql("select count(*) from secret where project_id = ?")
			.param(PROJECT)
			.query(Long.class)
			.single() == 0) {
			new SecretFixtures(this.jdbc).createSecret(PROJECT, "iam-secret", 2, Map.of("SYSCURRENT", "v2"),
					Instant.parse("2025-01-01T00:00:00Z"));
		}
		long start = System.nanoTime();
		while (get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())).status() != 200) {
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			Thread.sleep(100);
		}
		keystone.reset();
	}

	@Test
	void getWithHuaweiShapedTokenOfOwnProjectThen200() throws Exception {
		String token = keystone.issueHuaweiToken(PROJECT, Set.of("te_admin"), inOneHour());

		assertThat(get(token).status()).isEqualTo(200);
		assertThat(keystone.validations()).isEqualTo(1);
	}

	@Test
	void getWithKeystoneShapedTokenOfOwnProjectThen200() throws Exception {
		Reply response = get(keystone.issueKeystoneToken(PROJECT, READER, inOneHour()));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"version_id\":\"v2\"");
	}

	@Test
	void getWithTokenOfAnotherProjectThen403() throws Exception {
		assertError(get(keystone.issueHuaweiToken(OTHER_PROJECT, READER, inOneHour())), 403, "CSMS.0302");
	}

	@Test
	void getWithDomainScopedTokenThen403() throws Exception {
		assertError(get(keystone.issueDomainToken(READER, inOneHour())), 403, "CSMS.0302");
	}

	@Test
	void getWithoutARequiredRoleThen403() throws Exception {
		assertError(get(keystone.issueKeystoneToken(PROJECT, Set.of("member"), inOneHour())), 403, "CSMS.0302");
	}

	@Test
	void getWithUnknownTokenThen401AndTheRejectionIsRememberedForTheNegativeTtl() throws Exception {
		String unknown = "MII" + "unknown-token-".repeat(5);

		assertError(get(unknown), 401, "APIGW.0301");
		assertError(get(unknown), 401, "APIGW.0301");
		assertThat(keystone.validations()).isEqualTo(1);

		Thread.sleep(1_200);
		assertError(get(unknown), 401, "APIGW.0301");
		assertThat(keystone.validations()).isEqualTo(2);
	}

	@Test
	void getAfterRevocationThen401OnceTheCacheTtlHasPassed() throws Exception {
		String token = keystone.issueHuaweiToken(PROJECT, READER, inOneHour());
		assertThat(get(token).status()).isEqualTo(200);

		keystone.revoke(token);
		assertThat(get(token).status()).isEqualTo(200);
		Thread.sleep(3_200);

		assertError(get(token), 401, "APIGW.0301");
		assertThat(keystone.validations()).isEqualTo(2);
	}

	@Test
	void getAfterTheTokenExpiredThen401TokenExpiredWithoutAskingAgain() throws Exception {
		String token = keystone.issueHuaweiToken(PROJECT, READER, Instant.now().plusMillis(1_500));
		assertThat(get(token).status()).isEqualTo(200);

		Thread.sleep(1_600);

		assertError(get(token), 401, "APIGW.0307");
		assertThat(keystone.validations()).isEqualTo(1);
	}

	@Test
	void getWithTokenTheIdentityServiceCallsExpiredThen401TokenExpired() throws Exception {
		assertError(get(keystone.issueHuaweiToken(PROJECT, READER, Instant.now().minusSeconds(60))), 401, "APIGW.0307");
	}

	@Test
	void getWhenIdentityServiceFailsThen502AndTheFailureIsNotRemembered() throws Exception {
		String token = keystone.issueHuaweiToken(PROJECT, READER, inOneHour());

		keystone.mode(Mode.SERVER_ERROR);
		assertError(get(token), 502, "CSMS.0502");
		keystone.mode(Mode.NORMAL);

		assertThat(get(token).status()).isEqualTo(200);
		assertThat(keystone.validations()).isEqualTo(2);
	}

	@ParameterizedTest
	@EnumSource(names = { "GARBAGE", "NO_USER_ID", "BROKEN_CONNECTION" })
	void getWhenIdentityServiceAnswersSomethingThatIsNotATokenThen502(Mode mode) throws Exception {
		keystone.mode(mode);
		assertError(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())), 502, "CSMS.0502");
	}

	@Test
	void getWhenIdentityServiceIsSilentThen504WithinTheReadTimeout() throws Exception {
		keystone.mode(Mode.SILENT);
		long start = System.nanoTime();

		assertError(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())), 504, "CSMS.0504");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void getWhenIdentityServiceIsDownThen504() throws Exception {
		String token = keystone.issueHuaweiToken(PROJECT, READER, inOneHour());
		keystone.stop();
		try {
			assertError(get(token), 504, "CSMS.0504");
		}
		finally {
			keystone.restart();
		}
		assertThat(get(token).status()).isEqualTo(200);
	}

	@Test
	void getWhenIdentityServiceKeepsFailingThenTheCircuitOpensAndCachedTokensKeepWorking(CapturedOutput output)
			throws Exception {
		// The lines of earlier tests may still be on their way to the output.
		int earlier = TestLogs.flushed(output).length();
		String cached = keystone.issueHuaweiToken(PROJECT, READER, inOneHour());
		assertThat(get(cached).status()).isEqualTo(200);
		keystone.mode(Mode.SERVER_ERROR);
		for (int i = 0; i < 3; i++) {
			assertError(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())), 502, "CSMS.0502");
		}

		// Open: new tokens fail at once without a call, cached ones still work, and
		// readiness says the identity service is down.
		for (int i = 0; i < 10; i++) {
			assertError(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())), 502, "CSMS.0502");
		}
		assertThat(keystone.validations()).isEqualTo(4);
		// Each failed call logged once; the refusals while open not at all.
		assertThat(TestLogs.flushed(output).substring(earlier).split("A call to the identity service failed", -1))
			.hasSize(4);
		assertThat(get(cached).status()).isEqualTo(200);
		assertThat(readiness().status()).isEqualTo(503);
		assertThat(readiness().json().at("/components/iam/status").asString()).isEqualTo("DOWN");

		// Back: once open-for is over, readiness lets traffic in again (or no call
		// would ever close the circuit), one call goes through, and it closes it.
		keystone.mode(Mode.NORMAL);
		Thread.sleep(5_100);
		assertThat(readiness().status()).isEqualTo(200);
		assertThat(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())).status()).isEqualTo(200);
		assertThat(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())).status()).isEqualTo(200);
		assertThat(keystone.validations()).isEqualTo(6);
		assertThat(readiness().status()).isEqualTo(200);
	}

	@Test
	void getWhenIdentityServiceIsSilentThenTheCircuitOpensAndCallersStopWaitingForIt() throws Exception {
		keystone.mode(Mode.SILENT);
		for (int i = 0; i < 3; i++) {
			assertError(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())), 504, "CSMS.0504");
		}

		for (int i = 0; i < 10; i++) {
			assertError(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())), 504, "CSMS.0504");
		}

		// None of the ten reached the identity service, so none waited for its silence.
		assertThat(keystone.validations()).isEqualTo(3);
	}

	@Test
	void getWhenServiceTokenIsRefusedThenItIsRenewedOnceAndTheCallRetried() throws Exception {
		assertThat(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())).status()).isEqualTo(200);
		int issued = keystone.issues();
		keystone.revokeServiceTokens();

		assertThat(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())).status()).isEqualTo(200);
		assertThat(keystone.issues()).isEqualTo(issued + 1);
		assertThat(keystone.validations()).isEqualTo(3);
	}

	@Test
	void getWhenEvenTheRenewedServiceTokenIsRefusedThen502AfterOneRetryAndAWarning(CapturedOutput output)
			throws Exception {
		// Make sure the service holds a token already, then count from zero.
		assertThat(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())).status()).isEqualTo(200);
		keystone.reset();
		int issued = keystone.issues();
		keystone.mode(Mode.REFUSE_SERVICE_TOKENS);

		assertError(get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())), 502, "CSMS.0502");
		assertThat(keystone.validations()).isEqualTo(2);
		assertThat(keystone.issues()).isEqualTo(issued + 1);
		assertThat(TestLogs.flushed(output)).contains("refused the service's own token, also just after renewing it");
	}

	@Test
	void concurrentRequestsWithOneNewTokenMakeOneIdentityServiceCall() throws Exception {
		String token = keystone.issueHuaweiToken(PROJECT, READER, inOneHour());
		keystone.delay(Duration.ofMillis(300));
		List<Future<Reply>> responses = new ArrayList<>();
		try (ExecutorService callers = Executors.newFixedThreadPool(50)) {
			for (int i = 0; i < 50; i++) {
				responses.add(callers.submit(() -> get(token)));
			}
		}

		for (Future<Reply> response : responses) {
			assertThat(response.get().status()).isEqualTo(200);
		}
		assertThat(keystone.validations()).isEqualTo(1);
	}

	@Test
	void thousandRequestsWithOneTokenMakeOneIdentityServiceCallPerCacheTtl() throws Exception {
		String token = keystone.issueHuaweiToken(PROJECT, READER, inOneHour());
		long start = System.nanoTime();
		for (int i = 0; i < 1_000; i++) {
			assertThat(get(token).status()).isEqualTo(200);
		}
		long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

		// One call, and one more for each 3 s max-ttl that the loop outlasted.
		assertThat(keystone.validations()).isBetween(1, 1 + (int) (seconds / 3));
		assertThat(this.meters.get("cache.gets")
			.tag("cache", "csms.iam.tokens")
			.tag("result", "hit")
			.functionCounter()
			.count()).isGreaterThanOrEqualTo(1_000 - keystone.validations());
		System.out.printf("1,000 requests with one token in %d s: %d identity service calls%n", seconds,
				keystone.validations());
	}

	@Test
	void tokensAndServiceCredentialsNeverAppearInTheLogs(CapturedOutput output) throws Exception {
		String good = keystone.issueKeystoneToken(PROJECT, READER, inOneHour());
		String otherProject = keystone.issueHuaweiToken(OTHER_PROJECT, READER, inOneHour());
		String unknown = "MII" + "never-issued-".repeat(6);
		get(good);
		get(otherProject);
		get(unknown);
		keystone.mode(Mode.GARBAGE);
		String failing = keystone.issueHuaweiToken(PROJECT, READER, inOneHour());
		get(failing);

		String logs = TestLogs.flushed(output);
		assertThat(logs).contains("u-keystone-1")
			.doesNotContain(good, otherProject, unknown, failing, FakeKeystone.SERVICE_PASSWORD);
		for (String serviceToken : keystone.serviceTokens()) {
			assertThat(logs).doesNotContain(serviceToken);
		}
	}

	private Reply get(String token) {
		return this.api.get("/v1/" + PROJECT + "/secrets/iam-secret/stages/SYSCURRENT", token);
	}

	private Reply readiness() {
		return new ApiClient(this.managementPort).get("/actuator/health/readiness", "unused-token-unused-token-unused");
	}

	private static Instant inOneHour() {
		return Instant.now().plusSeconds(3_600);
	}

}
