package io.secretstage.identity;

import io.secretstage.error.ErrorCode;
import io.secretstage.http.SignedBodies;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Requests that carry an {@code Authorization} header instead of a token: read by
 * {@link #converter()}, verified by {@link #provider(SignatureVerifier)}. Only
 * {@code SDK-HMAC-SHA256}, the default of Huawei's SDKs, is accepted.
 */
final class SignedRequests {

	private static final String SCHEME = "SDK-HMAC-SHA256";

	private SignedRequests() {
	}

	/**
	 * Whether a request is to be authenticated by its signature: it has an
	 * {@code Authorization} header and no token.
	 * @param request the request
	 * @return {@code true} if its body is part of its credentials
	 */
	static boolean isSigned(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) != null
				&& request.getHeader(TokenCredentials.HEADER) == null;
	}

	/**
	 * Reads the signature of a request that has an {@code Authorization} header; any
	 * scheme but {@code SDK-HMAC-SHA256}, and temporary credentials, are refused here.
	 * @return the converter
	 */
	static AuthenticationConverter converter() {
		return (HttpServletRequest request) -> {
			String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (authorization == null) {
				return null;
			}
			int space = authorization.indexOf(' ');
			if (!SCHEME.equals((space < 0) ? authorization : authorization.substring(0, space))) {
				throw CredentialsRefusedException.because(ErrorCode.INVALID_TOKEN,
						"the Authorization header is not an SDK-HMAC-SHA256 signature, the only scheme accepted.");
			}
			if (request.getHeader("X-Security-Token") != null) {
				throw CredentialsRefusedException.because(ErrorCode.INVALID_TOKEN,
						"temporary security credentials (X-Security-Token) are not supported; use a permanent "
								+ "access key.");
			}
			Object body = request.getAttribute(SignedBodies.ATTRIBUTE);
			return new Signed(request, (body instanceof byte[] bytes) ? bytes : new byte[0]);
		};
	}

	/**
	 * Verifies signed requests.
	 * @param verifier turns a signed request into an identity
	 * @return the provider
	 */
	static AuthenticationProvider provider(SignatureVerifier verifier) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				Signed signed = (Signed) authentication;
				return verifier.verify(signed.request, signed.body).authentication();
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return Signed.class.isAssignableFrom(authentication);
			}

		};
	}

	/** A signed request, not yet verified. */
	private static final class Signed extends AbstractAuthenticationToken {

		private final transient HttpServletRequest request;

		private final byte[] body;

		Signed(HttpServletRequest request, byte[] body) {
			super(AuthorityUtils.NO_AUTHORITIES);
			this.request = request;
			this.body = body;
		}

		@Override
		public @Nullable Object getCredentials() {
			return null;
		}

		@Override
		public @Nullable Object getPrincipal() {
			return null;
		}

	}

}
