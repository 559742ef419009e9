package io.secretstage.identity;

import java.io.IOException;

import io.secretstage.observability.OwnRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.DelegatingAuthenticationConverter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests by their credentials: an {@code X-Auth-Token} header, or else an
 * {@code SDK-HMAC-SHA256} signature. A converter per kind reads them from the request and
 * the authentication manager has a provider per kind, as Spring Security's own
 * authentication filters do. A request without credentials passes on unauthenticated, for
 * the authorization rules to refuse; a request whose credentials fail is answered at once
 * through the entry point. The credentials themselves are never stored: the security
 * context holds only the {@link CallerIdentity}.
 */
final class CallerAuthenticationFilter extends OncePerRequestFilter {

	private final RequestMatcher protectedRequests;

	private final AuthenticationConverter credentials;

	private final AuthenticationManager authentication;

	private final AuthenticationEntryPoint entryPoint;

	private final OwnCredentials own;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private CallerAuthenticationFilter(RequestMatcher protectedRequests, AuthenticationConverter credentials,
			AuthenticationManager authentication, AuthenticationEntryPoint entryPoint, OwnCredentials own) {
		this.protectedRequests = protectedRequests;
		this.credentials = credentials;
		this.authentication = authentication;
		this.entryPoint = entryPoint;
		this.own = own;
	}

	/**
	 * The filter for tokens and, for a request without one, signatures.
	 * @param protectedRequests the requests whose credentials are checked; others pass
	 * untouched
	 * @param tokens verifies tokens
	 * @param signatures verifies signed requests
	 * @param entryPoint answers a request whose credentials are refused
	 * @param own the service's own credentials, taken before the callers' tokens
	 * @return the filter
	 */
	static CallerAuthenticationFilter of(RequestMatcher protectedRequests, TokenVerifier tokens,
			SignatureVerifier signatures, AuthenticationEntryPoint entryPoint, OwnCredentials own) {
		return new CallerAuthenticationFilter(protectedRequests,
				new DelegatingAuthenticationConverter(TokenCredentials.converter(), SignedRequests.converter()),
				new ProviderManager(TokenCredentials.provider((token) -> {
					CallerIdentity itself = own.verify(token);
					return (itself != null) ? itself : tokens.verify(token);
				}), SignedRequests.provider(signatures)), entryPoint, own);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.protectedRequests.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication caller;
		try {
			Authentication presented = this.credentials.convert(request);
			if (presented == null) {
				chain.doFilter(request, response);
				return;
			}
			caller = this.authentication.authenticate(presented);
		}
		catch (AuthenticationException ex) {
			// Failures of the identity service are logged where they happen, once
			// each; while its circuit is open, refusals are not logged again.
			this.contexts.clearContext();
			this.entryPoint.commence(request, response, ex);
			return;
		}
		var context = this.contexts.createEmptyContext();
		context.setAuthentication(caller);
		this.contexts.setContext(context);
		// Left in the logging context for the access log line; the request id filter
		// clears the context when the request ends.
		CallerIdentity identity = (CallerIdentity) caller.getPrincipal();
		if (this.own.isOwn(identity)) {
			OwnRequests.mark(request);
		}
		MDC.put("userId", identity.userId());
		if (identity.projectId() != null) {
			MDC.put("projectId", identity.projectId());
		}
		chain.doFilter(request, response);
	}

}
