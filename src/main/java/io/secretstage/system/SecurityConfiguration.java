package io.secretstage.system;

import io.secretstage.identity.TokenAuthenticationFilter;
import io.secretstage.identity.TokenVerificationException;
import io.secretstage.identity.TokenVerifier;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every request under {@code /v1/} needs a valid token; nothing else does, so that an
 * unknown path outside the API answers 404 with or without one. Stateless: no session, no
 * cookies, no CSRF token, no login or logout pages.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, TokenVerifier verifier) {
		RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/v1/**");
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> ErrorWriter.write(request, response,
				(ex instanceof TokenVerificationException refused) ? refused.errorCode() : ErrorCode.INVALID_TOKEN);
		AccessDeniedHandler accessDenied = (request, response, ex) -> ErrorWriter.write(request, response,
				ErrorCode.NO_PERMISSION);
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers(api).authenticated().anyRequest().permitAll());
		http.addFilterBefore(new TokenAuthenticationFilter(api, verifier, entryPoint), AuthorizationFilter.class);
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
	 * No observation per security filter, authentication or authorization: requests are
	 * observed as a whole ({@code http.server.requests}), and wrapping every filter of
	 * the chain cost a quarter of the read path's throughput (bench/RESULTS.md).
	 */
	@Bean
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Answers the requests that Spring Security's firewall refuses (such as {@code ;},
	 * {@code //} or an encoded dot in the path) with the contract's error body.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		return (request, response, ex) -> ErrorWriter.write(request, response, ErrorCode.INVALID_REQUEST);
	}

}
