package io.secretstage.accesskey;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SdkSignature}: the four vectors of {@code AKSK.md}, made by the SDK's
 * own signer, byte for byte.
 */
class SdkSignatureTests {

	private static final String PROJECT = "0123456789abcdef0123456789abcdef";

	private static final byte[] SECRET_KEY = "skTestExample0000000000000000000000000001"
		.getBytes(StandardCharsets.UTF_8);

	private static final String DATE = "20261129T120000Z";

	private static final List<String> SIGNED = List.of("host", "user-agent", "x-project-id", "x-sdk-date");

	private static final Map<String, String> HEADERS = Map.of("host", "127.0.0.1:8080", "user-agent",
			"huaweicloud-usdk-java/3.0", "x-project-id", PROJECT, "x-sdk-date", DATE);

	private static final String EMPTY_BODY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	@Test
	void v1ShowSecretStageThenTheCanonicalRequestStringToSignAndSignatureOfTheSdk() {
		String canonical = canonical("GET", "/v1/" + PROJECT + "/secrets/my-secret/stages/SYSCURRENT", null,
				EMPTY_BODY);

		assertThat(canonical).isEqualTo("GET\n/v1/" + PROJECT + "/secrets/my-secret/stages/SYSCURRENT/\n\n"
				+ "host:127.0.0.1:8080\nuser-agent:huaweicloud-usdk-java/3.0\nx-project-id:" + PROJECT
				+ "\nx-sdk-date:20261129T120000Z\n\nhost;user-agent;x-project-id;x-sdk-date\n" + EMPTY_BODY);
		assertThat(SdkSignature.stringToSign(DATE, canonical)).isEqualTo("SDK-HMAC-SHA256\n20261129T120000Z\n"
				+ "294a214ed32c0b6557e97a1b5ffe9d26482454f9ffc892211e9950bcd554b619");
		assertThat(signature(canonical)).isEqualTo("8de4ba0e209a652c94302170f02861769b746326060fdaa6a3b7f833b7c49a16");
	}

	@Test
	void v2UpdateSecretStageThenThePayloadHashAndSignatureOfTheSdk() {
		String payloadHash = SdkSignature.sha256Hex("{\"version_id\":\"v2\"}".getBytes(StandardCharsets.UTF_8));
		String canonical = canonical("PUT", "/v1/" + PROJECT + "/secrets/my-secret/stages/SYSCURRENT", null,
				payloadHash);

		assertThat(payloadHash).isEqualTo("6ebc1ab0fc85cbf6604fd42ae5e9640d659bf257a786ad9d892e94533bec91a1");
		assertThat(signature(canonical)).isEqualTo("d2b61ce69a7e267bfb284d09a1c95e1b2ec1cf6c01b66301b2627369c0009b01");
	}

	@Test
	void v3ListSecretVersionsWithAQueryThenTheSignatureOfTheSdk() {
		String canonical = canonical("GET", "/v1/" + PROJECT + "/secrets/my-secret/versions", "limit=10&marker=v3",
				EMPTY_BODY);

		assertThat(canonical.lines().toList().subList(1, 3))
			.containsExactly("/v1/" + PROJECT + "/secrets/my-secret/versions/", "limit=10&marker=v3");
		assertThat(signature(canonical)).isEqualTo("742681d63257936eb823069dbcf29d9fc2dc25282348b0936a7de0d0b2e586af");
	}

	@Test
	void v4EncodedNamesAndRepeatedKeysThenTheCanonicalFormAndSignatureOfTheSdk() {
		String canonical = canonical("GET", "/v1/" + PROJECT + "/secrets/my%20secret+%C3%A9/versions",
				"marker=a%20b%7E*%2B%2F%C3%A9&limit=&Zeta=2&Zeta=1", EMPTY_BODY);

		assertThat(canonical.lines().toList().subList(1, 3)).containsExactly(
				"/v1/" + PROJECT + "/secrets/my%20secret%2B%C3%A9/versions/",
				"Zeta=2&Zeta=1&limit=&marker=a%20b~%2A%2B%2F%C3%A9");
		assertThat(signature(canonical)).isEqualTo("856b13c2e0e22533bf37589a46011900578a8f0f15bb112e7bdaacff22b39a82");
	}

	@Test
	void queryWithAPlusForASpaceOrAKeyWithoutValueThenTheSameCanonicalQuery() {
		String plus = canonical("GET", "/a", "marker=a+b&limit", EMPTY_BODY);
		String encoded = canonical("GET", "/a", "limit=&marker=a%20b", EMPTY_BODY);

		assertThat(plus).isEqualTo(encoded);
		assertThat(plus.lines().toList().get(2)).isEqualTo("limit=&marker=a%20b");
	}

	@Test
	void pathWithATrailingSlashThenTheSameCanonicalUri() {
		assertThat(canonical("GET", "/a/b/", null, EMPTY_BODY)).isEqualTo(canonical("GET", "/a/b", null, EMPTY_BODY));
	}

	@Test
	void badEscapeOrMissingSignedHeaderThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> canonical("GET", "/a/%zz", null, EMPTY_BODY));
		assertThatIllegalArgumentException().isThrownBy(() -> SdkSignature.canonicalRequest("GET", "/a", null,
				List.of("host", "x-missing"), (name) -> HEADERS.get(name), EMPTY_BODY));
	}

	private static String canonical(String method, String path, @Nullable String query, String payloadHash) {
		return SdkSignature.canonicalRequest(method, path, query, SIGNED, HEADERS::get, payloadHash);
	}

	private static String signature(String canonical) {
		return SdkSignature.sign(SdkSignature.hmac(SECRET_KEY), SdkSignature.stringToSign(DATE, canonical));
	}

}
