package io.secretstage.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ForwardedRequests} and the trusted proxies as Tomcat's
 * {@code RemoteIpValve} takes them.
 */
class ForwardedRequestsTests {

	private final ForwardedRequests forwarded = new ForwardedRequests("");

	@Test
	void fromAnUntrustedPeerTheHeadersAsTheyArrivedCount() {
		MockHttpServletRequest request = request("/v1/p/secrets");
		request.addHeader("X-Forwarded-Host", "evil.example");
		request.addHeader("X-Forwarded-Port", "443");
		request.addHeader("X-Forwarded-Prefix", "/evil");
		request.addHeader("Forwarded", "host=evil.example");
		assertThat(this.forwarded.host(request)).isEqualTo("127.0.0.1:8080");
		assertThat(new ForwardedRequests("/csms").path(request)).isEqualTo("/v1/p/secrets");
	}

	@Test
	void fromATrustedProxyTheForwardedHostCounts() {
		MockHttpServletRequest request = trusted("/v1/p/secrets");
		request.addHeader("X-Forwarded-Host", "csms.example:8443");
		assertThat(this.forwarded.host(request)).isEqualTo("csms.example:8443");
	}

	@Test
	void aForwardedPortIsAddedUnlessItIsTheSchemesDefault() {
		MockHttpServletRequest request = trusted("/");
		request.addHeader("X-Forwarded-Host", "csms.example");
		request.addHeader("X-Forwarded-Port", "8443");
		assertThat(this.forwarded.host(request)).isEqualTo("csms.example:8443");
		MockHttpServletRequest https = trusted("/");
		https.addHeader("X-Forwarded-Host", "csms.example");
		https.addHeader("X-Forwarded-Port", "443");
		https.addHeader("X-Forwarded-Proto", "https");
		assertThat(this.forwarded.host(https)).isEqualTo("csms.example");
		MockHttpServletRequest ipv6 = trusted("/");
		ipv6.addHeader("X-Forwarded-Host", "[2001:db8::1]");
		ipv6.addHeader("X-Forwarded-Port", "8443");
		assertThat(this.forwarded.host(ipv6)).isEqualTo("[2001:db8::1]:8443");
	}

	@Test
	void forwardedWinsAndItsFirstElementIsTheClients() {
		MockHttpServletRequest request = trusted("/");
		request.addHeader("Forwarded", "for=192.0.2.1;host=\"csms.example:8443\";proto=https, for=10.0.0.1;host=inner");
		request.addHeader("X-Forwarded-Host", "other.example");
		assertThat(this.forwarded.host(request)).isEqualTo("csms.example:8443");
	}

	@Test
	void aMalformedForwardedPortGivesNoHostRatherThanAFailure() {
		MockHttpServletRequest request = trusted("/");
		request.addHeader("X-Forwarded-Host", "csms.example");
		request.addHeader("X-Forwarded-Port", "eighty");
		assertThat(this.forwarded.host(request)).isNull();
	}

	@Test
	void withoutForwardedHostTheHostHeaderCounts() {
		assertThat(this.forwarded.host(trusted("/"))).isEqualTo("127.0.0.1:8080");
	}

	@Test
	void theFirstOfSeveralForwardedHostsCounts() {
		MockHttpServletRequest request = trusted("/");
		request.addHeader("X-Forwarded-Host", "csms.example, inner.example");
		assertThat(this.forwarded.host(request)).isEqualTo("csms.example");
	}

	@Test
	void aTrustedProxysPrefixComesBeforeThePath() {
		MockHttpServletRequest request = trusted("/v1/p/secrets/my%20secret");
		request.addHeader("X-Forwarded-Prefix", "/csms/");
		assertThat(this.forwarded.path(request)).isEqualTo("/csms/v1/p/secrets/my%20secret");
		assertThat(new ForwardedRequests("/api").path(request)).isEqualTo("/csms/v1/p/secrets/my%20secret");
	}

	@Test
	void theConfiguredPrefixIsUsedWhenTheProxySendsNone() {
		assertThat(new ForwardedRequests("csms/").path(trusted("/v1/p"))).isEqualTo("/csms/v1/p");
		assertThat(this.forwarded.path(trusted("/v1/p"))).isEqualTo("/v1/p");
	}

	@Test
	void singleAddressesAreBlocksOfOne() {
		assertThat(HttpConfiguration.internalProxies(List.of("10.0.0.0/8", " 192.0.2.7 ", "2001:db8::1", "")))
			.isEqualTo("10.0.0.0/8,192.0.2.7/32,2001:db8::1/128");
		assertThat(HttpConfiguration.internalProxies(List.of())).isEmpty();
	}

	private static MockHttpServletRequest request(String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.addHeader("Host", "127.0.0.1:8080");
		return request;
	}

	private static MockHttpServletRequest trusted(String path) {
		MockHttpServletRequest request = request(path);
		request.setAttribute(ForwardedRequests.FORWARDED_ATTRIBUTE, Boolean.TRUE);
		return request;
	}

}
