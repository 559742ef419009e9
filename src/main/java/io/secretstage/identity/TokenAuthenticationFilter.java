package io.secretstage.identity;

import java.io.IOException;
import java.util.Enumeration;

import io.secretstage.system.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests by their {@code X-Auth-Token} header. A request without the
 * header passes on unauthenticated, for the authorization rules to refuse; a request
 * whose token fails is answered at once through the entry point. The token itself is
 * never stored: the security context holds only the {@link CallerIdentity}.
 */
public final class TokenAuthenticationFilter extends OncePerRequestFilter {

	/** The header that carries the caller's token. */
	public static final String HEADER = "X-Auth-Token";

	private static final int MIN_LENGTH = 32;

	private static final int MAX_LENGTH = 2_097_152;

	private final RequestMatcher protectedRequests;

	private final TokenVerifier verifier;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Create the filter.
	 * @param protectedRequests the requests whose token is checked; others pass untouched
	 * @param verifier turns a token into an identity
	 * @param entryPoint answers a request whose token is refused
	 */
	public TokenAuthenticationFilter(RequestMatcher protectedRequests, TokenVerifier verifier,
			AuthenticationEntryPoint entryPoint) {
		this.protectedRequests = protectedRequests;
		this.verifier = verifier;
		this.entryPoint = entryPoint;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.protectedRequests.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Enumeration<String> tokens = request.getHeaders(HEADER);
		if (!tokens.hasMoreElements()) {
			chain.doFilter(request, response);
			return;
		}
		String token = tokens.nextElement();
		CallerIdentity caller;
		try {
			if (tokens.hasMoreElements()) {
				// Two tokens make a malformed request: a gateway in front may have
				// checked the other one.
				throw new TokenVerificationException(ErrorCode.INVALID_REQUEST);
			}
			caller = this.verifier.verify(wellFormed(token));
		}
		catch (TokenVerificationException ex) {
			// Failures of the identity service are logged where they happen, once
			// each; while its circuit is open, refusals are not logged again.
			this.contexts.clearContext();
			this.entryPoint.commence(request, response, ex);
			return;
		}
		var context = this.contexts.createEmptyContext();
		context.setAuthentication(new PreAuthenticatedAuthenticationToken(caller, "",
				AuthorityUtils.createAuthorityList(caller.roles())));
		this.contexts.setContext(context);
		// Left in the logging context for the access log line; the request id filter
		// clears the context when the request ends.
		MDC.put("userId", caller.userId());
		if (caller.projectId() != null) {
			MDC.put("projectId", caller.projectId());
		}
		chain.doFilter(request, response);
	}

	private static String wellFormed(String token) {
		if (token.length() < MIN_LENGTH || token.length() > MAX_LENGTH) {
			throw new TokenVerificationException(ErrorCode.INVALID_TOKEN);
		}
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (c <= ' ' || c > '~') {
				throw new TokenVerificationException(ErrorCode.INVALID_TOKEN);
			}
		}
		return token;
	}

}
