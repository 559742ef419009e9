package io.secretstage.system;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.catalina.core.StandardHost;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The HTTP layer around the API: request ids first of all, then the access log, request
 * metrics tagged with the error code, the body limit, JSON whatever the caller accepts,
 * and Tomcat's own error page replaced by the contract's body.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpLimitsProperties.class)
class WebServerConfiguration implements WebMvcConfigurer {

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
	FilterRegistrationBean<BodySizeFilter> bodySizeFilter(HttpLimitsProperties limits,
			ObjectProvider<SignedBodies> signed) {
		FilterRegistrationBean<BodySizeFilter> registration = new FilterRegistrationBean<>(
				new BodySizeFilter(limits.maxBodySize().toBytes(), signed.getIfAvailable(() -> (request) -> false)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		return registration;
	}

	/**
	 * Request metrics, wherever there is a meter registry (a web slice test has none).
	 * @param meters the meter registry, if there is one; a private one otherwise
	 * @return the filter, after the request id and access log filters
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
	 * @return the metrics of Logback's events
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
	 * The routes, looked up as {@link ApiRequestMappings} says, and their handlers called
	 * as {@link ApiHandlerAdapter} says.
	 * @param json the application's JSON mapper, which writes the bodies
	 * @return the registration of both
	 */
	@Bean
	WebMvcRegistrations apiHandlers(JsonMapper json) {
		return new WebMvcRegistrations() {

			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new ApiRequestMappings();
			}

			@Override
			public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
				return new ApiHandlerAdapter(json);
			}

		};
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
