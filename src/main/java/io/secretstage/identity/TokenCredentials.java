package io.secretstage.identity;

import java.util.Enumeration;

import io.secretstage.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A caller's {@code X-Auth-Token}, not yet verified: read from the request by
 * {@link #converter()} and verified by {@link #provider(TokenVerifier)}.
 */
final class TokenCredentials extends AbstractAuthenticationToken {

	/** The header that carries the caller's token. */
	static final String HEADER = "X-Auth-Token";

	private static final int MIN_LENGTH = 32;

	private static final int MAX_LENGTH = 2_097_152;

	private @Nullable String token;

	private TokenCredentials(String token) {
		super(AuthorityUtils.NO_AUTHORITIES);
		this.token = token;
	}

	@Override
	public @Nullable Object getCredentials() {
		return this.token;
	}

	@Override
	public @Nullable Object getPrincipal() {
		return null;
	}

	@Override
	public void eraseCredentials() {
		this.token = null;
	}

	/**
	 * Reads the token of a request that has one; two tokens make a malformed request (a
	 * gateway in front may have checked the other one).
	 * @return the converter
	 */
	static AuthenticationConverter converter() {
		return (HttpServletRequest request) -> {
			Enumeration<String> tokens = request.getHeaders(HEADER);
			if (!tokens.hasMoreElements()) {
				return null;
			}
			String token = tokens.nextElement();
			if (tokens.hasMoreElements()) {
				throw new CredentialsRefusedException(ErrorCode.INVALID_REQUEST);
			}
			return new TokenCredentials(wellFormed(token));
		};
	}

	/**
	 * Verifies tokens.
	 * @param verifier turns a token into an identity
	 * @return the provider
	 */
	static AuthenticationProvider provider(TokenVerifier verifier) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				return verifier.verify(String.valueOf(authentication.getCredentials())).authentication();
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return TokenCredentials.class.isAssignableFrom(authentication);
			}

		};
	}

	private static String wellFormed(String token) {
		if (token.length() < MIN_LENGTH || token.length() > MAX_LENGTH) {
			throw new CredentialsRefusedException(ErrorCode.INVALID_TOKEN);
		}
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (c <= ' ' || c > '~') {
				throw new CredentialsRefusedException(ErrorCode.INVALID_TOKEN);
			}
		}
		return token;
	}

}
