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

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import io.secretstage.SecretFixtures;
import io.secretstage.TestClock;
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
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IamTokenVerifier} over real HTTP: the whole service, configured with
 * the {@code iam} verifier, against a Keystone-like identity service on loopback. The
 * service's time stands still ({@link TestClock}): a test moves it over a time to live,
 * an expiry or the time the circuit stays open rather than waiting for it.
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
				"csms.identity.iam.circuit.failures=3", "csms.identity.iam.circuit.open-for=60s",
				"csms.identity.required-roles.read=csms-reader,te_admin", "logging.level.io.secretstage=debug",
				"logging.level.io.secretstage.access=warn", "logging.level.org.springframework.security=debug" })
@Import({ TestDatabaseConfiguration.class, TestClock.Beans.class })
@ExtendWith(OutputCaptureExtension.class)
class IamTokenVerificationTests {

	private static final String PROJECT = "1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d";

	private static final String OTHER_PROJECT = "9f8e7d6c5b4a9f8e7d6c5b4a9f8e7d6c";

	private static final Set<String> READER = Set.of("csms-reader");

	/** {@code csms.identity.iam.cache.max-ttl}. */
	private static final Duration MAX_TTL = Duration.ofSeconds(3);

	/** {@code csms.identity.iam.cache.negative-ttl}. */
	private static final Duration NEGATIVE_TTL = Duration.ofSeconds(1);

	/**
	 * {@code csms.identity.iam.circuit.open-for}: long, so that the breaker's own timer,
	 * which runs in real time, does not end it while a test runs; the tests move the
	 * clock past it.
	 */
	private static final Duration OPEN_FOR = Duration.ofSeconds(60);

	private static final FakeKeystone keystone = FakeKeystone.start();

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private TestClock clock;

	@Autowired
	private CircuitBreaker iamCircuitBreaker;

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
	 * call closes it, once the clock is past the time open that the last test's failures
	 * may have left) and zero counts.
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
		if (this.iamCircuitBreaker.getState() == CircuitBreaker.State.OPEN) {
			this.clock.advance(OPEN_FOR.plusSeconds(1));
		}
		await().atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ZERO)
			.until(() -> get(keystone.issueHuaweiToken(PROJECT, READER, inOneHour())).status() == 200);
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

		this.clock.advance(NEGATIVE_TTL.plusMillis(200));
		assertError(get(unknown), 401, "APIGW.0301");
		assertThat(keystone.validations()).isEqualTo(2);
	}

	@Test
	void getAfterRevocationThen401OnceTheCacheTtlHasPassed() throws Exception {
		String token = keystone.issueHuaweiToken(PROJECT, READER, inOneHour());
		assertThat(get(token).status()).isEqualTo(200);

		keystone.revoke(token);
		assertThat(get(token).status()).isEqualTo(200);
		this.clock.advance(MAX_TTL.plusMillis(200));

		assertError(get(token), 401, "APIGW.0301");
		assertThat(keystone.validations()).isEqualTo(2);
	}

	@Test
	void getAfterTheTokenExpiredThen401TokenExpiredWithoutAskingAgain() throws Exception {
		String token = keystone.issueHuaweiToken(PROJECT, READER, this.clock.instant().plusMillis(1_500));
		assertThat(get(token).status()).isEqualTo(200);

		this.clock.advance(Duration.ofMillis(1_600));

		assertError(get(token), 401, "APIGW.0307");
		assertThat(keystone.validations()).isEqualTo(1);
	}

	@Test
	void getWithTokenTheIdentityServiceCallsExpiredThen401TokenExpired() throws Exception {
		assertError(get(keystone.issueHuaweiToken(PROJECT, READER, this.clock.instant().minusSeconds(60))), 401,
				"APIGW.0307");
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
		this.clock.advance(OPEN_FOR.plusMillis(100));
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

		// One call: the clock stands still, so the loop is within one max-ttl.
		assertThat(keystone.validations()).isEqualTo(1);
		assertThat(this.meters.get("cache.gets")
			.tag("cache", "csms.iam.tokens")
			.tag("result", "hit")
			.functionCounter()
			.count()).isGreaterThanOrEqualTo(1_000 - keystone.validations());
		System.out.printf("1,000 requests with one token in %d s: %d identity service calls%n", seconds,
				keystone.validations());

		// And one more once max-ttl has passed.
		this.clock.advance(MAX_TTL);
		assertThat(get(token).status()).isEqualTo(200);
		assertThat(get(token).status()).isEqualTo(200);
		assertThat(keystone.validations()).isEqualTo(2);
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

	private Instant inOneHour() {
		return this.clock.instant().plusSeconds(3_600);
	}

}
