package io.secretstage.system;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.identity.AccessPolicy;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.apache.catalina.core.StandardHost;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The HTTP layer around the API: request ids first of all, then the access log, request
 * metrics tagged with the error code, the body limit, JSON whatever the caller accepts,
 * and Tomcat's own error page replaced by the contract's body.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpLimitsProperties.class)
class WebServerConfiguration implements WebMvcConfigurer {

	private final ObjectProvider<AccessPolicy> access;

	WebServerConfiguration(ObjectProvider<AccessPolicy> access) {
		this.access = access;
	}

	/**
	 * Access before the body, wherever there is an access policy (a web slice test has
	 * none).
	 */
	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		this.access.ifAvailable((policy) -> registry.addInterceptor(new AccessBeforeBodyInterceptor(policy)));
	}

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<AccessLogFilter> accessLogFilter() {
		FilterRegistrationBean<AccessLogFilter> registration = new FilterRegistrationBean<>(new AccessLogFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<PathParameterFilter> pathParameterFilter() {
		FilterRegistrationBean<PathParameterFilter> registration = new FilterRegistrationBean<>(
				new PathParameterFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	@Bean
	FilterRegistrationBean<BodySizeFilter> bodySizeFilter(HttpLimitsProperties limits) {
		FilterRegistrationBean<BodySizeFilter> registration = new FilterRegistrationBean<>(
				new BodySizeFilter(limits.maxBodySize().toBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		return registration;
	}

	/**
	 * Request metrics, wherever there is a meter registry (a web slice test has none).
	 */
	@Bean
	FilterRegistrationBean<RequestMetricsFilter> requestMetricsFilter(ObjectProvider<MeterRegistry> meters) {
		FilterRegistrationBean<RequestMetricsFilter> registration = new FilterRegistrationBean<>(
				new RequestMetricsFilter(meters.getIfAvailable(SimpleMeterRegistry::new)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * The log's events counted by level, without a turbo filter
	 * ({@link LogEventMetrics}).
	 */
	@Bean
	LogbackMetrics logEventMetrics() {
		return new LogEventMetrics((LoggerContext) LoggerFactory.getILoggerFactory());
	}

	@Bean
	TomcatContextCustomizer jsonErrorReports() {
		return (context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
			}
		};
	}

	/**
	 * OPTIONS on a route answers 405 with {@code Allow}, like any other method the route
	 * does not have, instead of Spring MVC's empty 200: the service serves no browsers
	 * (no CORS), and every answer carries the contract's JSON. A CORS preflight is taken
	 * as the plain OPTIONS it is, not answered with Spring MVC's empty 200. Every route
	 * produces the contract's JSON (measured: 5% more throughput on the read path than
	 * negotiating it per answer, bench/RESULTS.md).
	 */
	@Bean
	WebMvcRegistrations apiRequestMappings() {
		return new WebMvcRegistrations() {

			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new RequestMappingHandlerMapping() {

					/**
					 * Every route produces the contract's JSON, declared here once: an
					 * answer then does not ask every message converter what it can write.
					 */
					@Override
					protected @Nullable RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
						RequestMappingInfo info = super.getMappingForMethod(method, handlerType);
						return (info != null && info.getProducesCondition().isEmpty())
								? info.mutate().produces(EmptyResponses.JSON_UTF8).build() : info;
					}

					/**
					 * The path first: Spring MVC checks a route's method, produces and
					 * other conditions before its path, for every route, on every
					 * request; most routes fail on the path, which is the cheapest check
					 * (measured: the lookup took a tenth of the read path,
					 * bench/RESULTS.md).
					 */
					@Override
					protected @Nullable RequestMappingInfo getMatchingMapping(RequestMappingInfo info,
							HttpServletRequest request) {
						PathPatternsRequestCondition paths = info.getPathPatternsCondition();
						if (paths != null && paths.getMatchingCondition(request) == null) {
							return null;
						}
						return super.getMatchingMapping(info, request);
					}

					@Override
					protected @Nullable HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
						return super.getHandlerInternal(
								CorsUtils.isPreFlightRequest(request) ? new NotPreflight(request) : request);
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

				};
			}

		};
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

	/**
	 * The contract's only representation is JSON in UTF-8, so the {@code Accept} header
	 * is not consulted: a caller asking for something else still gets JSON, not a 406.
	 */
	@Override
	public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
		configurer.ignoreAcceptHeader(true).defaultContentType(MediaType.parseMediaType(EmptyResponses.JSON_UTF8));
	}

}
