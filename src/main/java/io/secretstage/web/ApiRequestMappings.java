package io.secretstage.web;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API's routes, looked up path first, each producing the contract's JSON.
 * <p>
 * OPTIONS on a route answers 405 with {@code Allow}, like any other method the route does
 * not have, instead of Spring MVC's empty 200: the service serves no browsers (no CORS),
 * and every answer carries the contract's JSON. A CORS preflight is taken as the plain
 * OPTIONS it is, not answered with Spring MVC's empty 200. Every route produces the
 * contract's JSON (measured: 5% more throughput on the read path than negotiating it per
 * answer, bench/RESULTS.md).
 */
final class ApiRequestMappings extends RequestMappingHandlerMapping {

	/**
	 * Every route produces the contract's JSON, declared here once: an answer then does
	 * not ask every message converter what it can write.
	 */
	@Override
	protected @Nullable RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
		RequestMappingInfo info = super.getMappingForMethod(method, handlerType);
		return (info != null && info.getProducesCondition().isEmpty())
				? info.mutate().produces(EmptyResponses.JSON_UTF8).build() : info;
	}

	/**
	 * The path first: Spring MVC checks a route's method, produces and other conditions
	 * before its path, for every route, on every request; most routes fail on the path,
	 * which is the cheapest check (measured: the lookup took a tenth of the read path,
	 * bench/RESULTS.md).
	 */
	@Override
	protected @Nullable RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
		PathPatternsRequestCondition paths = info.getPathPatternsCondition();
		if (paths != null && paths.getMatchingCondition(request) == null) {
			return null;
		}
		return super.getMatchingMapping(info, request);
	}

	@Override
	protected @Nullable HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
		return super.getHandlerInternal(CorsUtils.isPreFlightRequest(request) ? new NotPreflight(request) : request);
	}

	@Override
	protected @Nullable HandlerMethod handleNoMatch(Set<RequestMappingInfo> infos, String lookupPath,
			HttpServletRequest request) throws ServletException {
		if (!HttpMethod.OPTIONS.matches(request.getMethod())) {
			return super.handleNoMatch(infos, lookupPath, request);
		}
		Set<String> allowed = new LinkedHashSet<>();
		for (RequestMappingInfo info : infos) {
			PathPatternsRequestCondition paths = info.getPathPatternsCondition();
			if (paths != null && paths.getMatchingCondition(request) != null) {
				info.getMethodsCondition().getMethods().forEach((method) -> allowed.add(method.name()));
			}
		}
		if (allowed.isEmpty()) {
			return super.handleNoMatch(infos, lookupPath, request);
		}
		throw new HttpRequestMethodNotSupportedException(request.getMethod(), allowed);
	}

	/** A request without the header that makes an OPTIONS a CORS preflight. */
	private static final class NotPreflight extends HttpServletRequestWrapper {

		NotPreflight(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

	}

}
