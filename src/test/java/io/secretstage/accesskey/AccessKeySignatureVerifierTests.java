package io.secretstage.accesskey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.TestClock;
import io.secretstage.database.Freshness;
import io.secretstage.http.ForwardedRequests;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.identity.CredentialsRefusedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;

/**
 * Tests for {@link AccessKeySignatureVerifier} on a clock of the test's own: the window
 * of {@code X-Sdk-Date} to the second, what an inactive key tells whom, and how often a
 * key's last use is written.
 */
class AccessKeySignatureVerifierTests {

	private static final String PROJECT = "0123456789abcdef0123456789abcdef";

	private static final String ACCESS_KEY = "AKTESTEXAMPLE0000001";

	private static final String SECRET_KEY = "skTestExample0000000000000000000000000001";

	private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

	private final TestClock clock = new TestClock(NOW);

	private final AccessKeyService keys = mock(AccessKeyService.class);

	private final AccessKeyCache cache = new AccessKeyCache(100, Duration.ofMinutes(5),
			new Freshness("test", Duration.ZERO, this.clock.ticker(), new SimpleMeterRegistry()), this.clock.ticker(),
			new SimpleMeterRegistry());

	@BeforeEach
	void activeKey() {
		this.cache.connected();
		given(this.keys.load(ACCESS_KEY)).willReturn(Optional.of(key(true)));
	}

	@Test
	void dateFifteenMinutesOffEitherWayThenAcceptedAndOneSecondMoreThenExpired() {
		CallerIdentity caller = verifier(Duration.ofMinutes(15)).verify(signed(NOW.minusSeconds(900), SECRET_KEY),
				new byte[0]);

		assertThat(caller.projectId()).isEqualTo(PROJECT);
		assertThat(verifier(Duration.ofMinutes(15)).verify(signed(NOW.plusSeconds(900), SECRET_KEY), new byte[0]))
			.isEqualTo(caller);
		assertRefused(verifier(Duration.ofMinutes(15)), signed(NOW.minusSeconds(901), SECRET_KEY), "expired");
		assertRefused(verifier(Duration.ofMinutes(15)), signed(NOW.plusSeconds(901), SECRET_KEY), "expired");
	}

	@Test
	void malformedDateThen401SayingSo() {
		MockHttpServletRequest request = signed(NOW, SECRET_KEY);
		request.removeHeader("X-Sdk-Date");
		request.addHeader("X-Sdk-Date", "2026-11-29T12:00:00Z");

		assertRefused(verifier(Duration.ofMinutes(15)), request, "X-Sdk-Date must be a UTC time");
	}

	@Test
	void signedHeaderMissingFromTheRequestThen401() {
		MockHttpServletRequest request = signed(NOW, SECRET_KEY);
		request.removeHeader("X-Project-Id");

		assertRefused(verifier(Duration.ofMinutes(15)), request, "lacks a signed header");
	}

	@Test
	void narrowerWindowConfiguredThenItApplies() {
		assertRefused(verifier(Duration.ofMinutes(5)), signed(NOW.minusSeconds(301), SECRET_KEY), "5 minutes");
	}

	@Test
	void inactiveKeyThenSaidOnlyToTheHolderOfItsSecretKey() {
		given(this.keys.load(ACCESS_KEY)).willReturn(Optional.of(key(false)));

		assertRefused(verifier(Duration.ofMinutes(15)), signed(NOW, SECRET_KEY), "inactive");
		assertRefused(verifier(Duration.ofMinutes(15)), signed(NOW, "wrong" + SECRET_KEY),
				"verify aksk signature fail");
	}

	@Test
	void projectHeaderOfAnotherProjectThenScopedToNone() {
		MockHttpServletRequest request = signed(NOW, SECRET_KEY, "fedcba9876543210fedcba9876543210");

		CallerIdentity caller = verifier(Duration.ofMinutes(15)).verify(request, new byte[0]);

		assertThat(caller.projectId()).isNull();
		assertThat(caller.userId()).isEqualTo("user-a");
	}

	@Test
	void usedOftenThenLastUseWrittenOnceAMinute() {
		AccessKeySignatureVerifier verifier = verifier(Duration.ofMinutes(15));

		verifier.verify(signed(NOW, SECRET_KEY), new byte[0]);
		this.clock.advance(Duration.ofSeconds(30));
		verifier.verify(signed(this.clock.instant(), SECRET_KEY), new byte[0]);
		this.clock.advance(Duration.ofSeconds(29));
		verifier.verify(signed(this.clock.instant(), SECRET_KEY), new byte[0]);
		this.clock.advance(Duration.ofSeconds(2));
		verifier.verify(signed(this.clock.instant(), SECRET_KEY), new byte[0]);

		then(this.keys).should(timeout(2000)).recordUse(ACCESS_KEY, NOW);
		then(this.keys).should(timeout(2000)).recordUse(ACCESS_KEY, NOW.plusSeconds(61));
		then(this.keys).should(timeout(2000).times(2)).recordUse(eq(ACCESS_KEY), any());
	}

	@Test
	void headerOfTheSdksTestVectorThenItsParts() {
		AccessKeySignatureVerifier.Authorization authorization = AccessKeySignatureVerifier.Authorization.parse(
				"SDK-HMAC-SHA256 Access=AKTESTEXAMPLE0000001, SignedHeaders=host;user-agent;x-project-id;x-sdk-date, "
						+ "Signature=8de4ba0e209a652c94302170f02861769b746326060fdaa6a3b7f833b7c49a16");

		assertThat(authorization.accessKey()).isEqualTo(ACCESS_KEY);
		assertThat(authorization.signedHeaders()).containsExactly("host", "user-agent", "x-project-id", "x-sdk-date");
		assertThat(authorization.signature())
			.isEqualTo("8de4ba0e209a652c94302170f02861769b746326060fdaa6a3b7f833b7c49a16");
	}

	@ParameterizedTest
	@CsvSource(delimiterString = " -> ", value = { "'Access=' -> 'Access=AKOTHER0000000000001, Access='",
			"'Access=' -> 'Access=" + ACCESS_KEY + ", Access='",
			"'SignedHeaders=' -> 'SignedHeaders=host;x-sdk-date, SignedHeaders='",
			"'Signature=' -> 'Signature=0000000000000000000000000000000000000000000000000000000000000000, Signature='",
			"', Signature=' -> ', Date=20261129T120000Z, Signature='", "', Signature=' -> ',, Signature='",
			"'SDK-HMAC-SHA256 Access=' -> 'SDK-HMAC-SHA256 access=" + ACCESS_KEY + ", Access='",
			"'SignedHeaders=' -> 'SignedHeaders=;'" })
	void parameterRepeatedUnknownOrEmptyThenMalformedThoughTheSignatureIsRight(String part, String replacement) {
		MockHttpServletRequest request = signed(NOW, SECRET_KEY);
		String authorization = request.getHeader("Authorization");
		request.removeHeader("Authorization");
		request.addHeader("Authorization", authorization.replace(part, replacement));

		assertRefused(verifier(Duration.ofMinutes(15)), request, "malformed");
	}

	@Test
	void trailingCommaThenMalformed() {
		MockHttpServletRequest request = signed(NOW, SECRET_KEY);
		String authorization = request.getHeader("Authorization");
		request.removeHeader("Authorization");
		request.addHeader("Authorization", authorization + ",");

		assertRefused(verifier(Duration.ofMinutes(15)), request, "malformed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "x-sdk-date;host;x-project-id", "host;x-sdk-date;x-project-id",
			"host;host;x-project-id;x-sdk-date", "host;x-project-id;x-sdk-date;x-sdk-date",
			"host;x-project-id;x-project-id;x-sdk-date" })
	void signedHeadersUnsortedOrRepeatedThenMalformedThoughTheSignatureIsRight(String signedHeaders) {
		MockHttpServletRequest request = signed(NOW, SECRET_KEY, PROJECT, List.of(signedHeaders.split(";")));

		assertRefused(verifier(Duration.ofMinutes(15)), request, "malformed");
	}

	@Test
	void signedHeadersSortedThenAcceptedWhateverTheirNumber() {
		CallerIdentity caller = verifier(Duration.ofMinutes(15))
			.verify(signed(NOW, SECRET_KEY, PROJECT, List.of("host", "x-sdk-date")), new byte[0]);

		assertThat(caller.projectId()).isEqualTo(PROJECT);
	}

	private AccessKeySignatureVerifier verifier(Duration clockSkew) {
		return new AccessKeySignatureVerifier(this.cache, this.keys, this.clock, clockSkew, new ForwardedRequests(""));
	}

	private static MockHttpServletRequest signed(Instant at, String secretKey) {
		return signed(at, secretKey, PROJECT);
	}

	/**
	 * A GET of ShowSecretStage in the key's project as the SDK signs it, at a time, with
	 * a secret key and an {@code X-Project-Id}.
	 */
	private static MockHttpServletRequest signed(Instant at, String secretKey, String projectHeader) {
		return signed(at, secretKey, projectHeader, List.of("host", "x-project-id", "x-sdk-date"));
	}

	/**
	 * A GET of ShowSecretStage as {@link #signed(Instant, String, String)}, its signature
	 * right for the signed headers as listed, whatever their order.
	 */
	private static MockHttpServletRequest signed(Instant at, String secretKey, String projectHeader,
			List<String> signedHeaders) {
		String path = "/v1/" + PROJECT + "/secrets/my-secret/stages/SYSCURRENT";
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.addHeader("Host", "127.0.0.1:8080");
		request.addHeader("X-Project-Id", projectHeader);
		request.addHeader("X-Sdk-Date", SDK_DATE.format(at));
		String canonical = SdkSignature.canonicalRequest("GET", path, null, signedHeaders, request::getHeader,
				SdkSignature.sha256Hex(new byte[0]));
		String signature = SdkSignature.sign(SdkSignature.hmac(secretKey.getBytes(StandardCharsets.UTF_8)),
				SdkSignature.stringToSign(SDK_DATE.format(at), canonical));
		request.addHeader("Authorization", "SDK-HMAC-SHA256 Access=" + ACCESS_KEY + ", SignedHeaders="
				+ String.join(";", signedHeaders) + ", Signature=" + signature);
		return request;
	}

	private static KnownKey key(boolean active) {
		return new KnownKey(ACCESS_KEY, SdkSignature.hmac(SECRET_KEY.getBytes(StandardCharsets.UTF_8)),
				new CallerIdentity("user-a", "user-a", PROJECT, Set.of("csms-writer"), null), active, new AtomicLong());
	}

	private static void assertRefused(AccessKeySignatureVerifier verifier, MockHttpServletRequest request,
			String reason) {
		assertThatExceptionOfType(CredentialsRefusedException.class)
			.isThrownBy(() -> verifier.verify(request, new byte[0]))
			.satisfies((ex) -> assertThat(ex.callerMessage()).contains(reason));
	}

}
