package io.secretstage.identity;

import io.secretstage.error.ErrorCode;
import io.secretstage.error.ErrorWriter;
import io.secretstage.http.SignedBodies;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.handler.MappedInterceptor;

/**
 * Every request under {@code /v1/} (the API) and {@code /v3.0/} (its access keys) needs
 * valid credentials, a token or a signature; nothing else does, so that an unknown path
 * outside them answers 404 with or without one. Stateless: no session, no cookies, no
 * CSRF token, no login or logout pages.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String NO_CREDENTIALS = "Incorrect IAM authentication information: "
			+ "the request has neither an X-Auth-Token nor an SDK-HMAC-SHA256 signature.";

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, TokenVerifier tokens, SignatureVerifier signatures,
			ObjectProvider<OwnCredentials> own) {
		RequestMatcher api = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/v1/**"),
				PathPatternRequestMatcher.withDefaults().matcher("/v3.0/**"));
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> {
			if (ex instanceof CredentialsRefusedException refused) {
				ErrorCode code = refused.errorCode();
				ErrorWriter.write(request, response, code.status(), code, refused.callerMessage());
			}
			else {
				ErrorWriter.write(request, response, 401, ErrorCode.INVALID_TOKEN, NO_CREDENTIALS);
			}
		};
		AccessDeniedHandler accessDenied = (request, response, ex) -> ErrorWriter.write(request, response,
				ErrorCode.NO_PERMISSION);
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers(api).authenticated().anyRequest().permitAll());
		http.addFilterBefore(CallerAuthenticationFilter.of(api, tokens, signatures, entryPoint,
				own.getIfAvailable(() -> OwnCredentials.NONE)), AuthorizationFilter.class);
		http.exceptionHandling(
				(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied));
		// The two headers an API response needs are written by the request id filter.
		http.headers((headers) -> headers.disable());
		// Each filter below would run on every request and do nothing for a token API:
		// no session, no anonymous principal, no servlet API wrapper, no CSRF, no saved
		// requests, no logout page.
		http.sessionManagement((sessions) -> sessions.disable());
		http.anonymous((anonymous) -> anonymous.disable());
		http.servletApi((servletApi) -> servletApi.disable());
		http.csrf((csrf) -> csrf.disable());
		http.requestCache((cache) -> cache.disable());
		http.logout((logout) -> logout.disable());
		return http.build();
	}

	/**
	 * A write's project and role are checked before its body is read.
	 * @param access the policy that checks them
	 * @return the interceptor, on every route
	 */
	@Bean
	MappedInterceptor accessBeforeBody(AccessPolicy access) {
		return new MappedInterceptor(null, new AccessBeforeBodyInterceptor(access));
	}

	/**
	 * The body of a signed request is read whole before its signature is checked.
	 * @return which requests are signed
	 */
	@Bean
	SignedBodies signedBodies() {
		return SignedRequests::isSigned;
	}

	/**
	 * No observation per security filter, authentication or authorization: requests are
	 * observed as a whole ({@code http.server.requests}), and wrapping every filter of
	 * the chain cost a quarter of the read path's throughput (bench/RESULTS.md).
	 * @return settings that observe none of them
	 */
	@Bean
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Spring Security's strict firewall, with its check of every header name and value
	 * read (assigned characters, no control characters but a tab in values) made by a
	 * loop over the characters rather than a regular expression: a signed request reads
	 * eight headers, and the regular expressions took a quarter of its verification
	 * (bench/RESULTS.md).
	 * @return the firewall
	 */
	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames((name) -> assignedAndNotControl(name, false));
		firewall.setAllowedHeaderValues((value) -> assignedAndNotControl(value, true));
		return firewall;
	}

	/**
	 * What the firewall's default patterns allow:
	 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} for names, and the same or a tab for
	 * values.
	 * @param text a header's name or value
	 * @param tabAllowed whether a tab is allowed, as in values
	 * @return whether the firewall allows the text
	 */
	static boolean assignedAndNotControl(String text, boolean tabAllowed) {
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			if (!Character.isDefined(codePoint)
					|| (Character.isISOControl(codePoint) && !(tabAllowed && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

	/**
	 * Answers the requests that Spring Security's firewall refuses (such as {@code ;},
	 * {@code //} or an encoded dot in the path) with the contract's error body.
	 * @return the handler, answering 400 {@code CSMS.0003}
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		return (request, response, ex) -> ErrorWriter.write(request, response, ErrorCode.INVALID_REQUEST);
	}

}
