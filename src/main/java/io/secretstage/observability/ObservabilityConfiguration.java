package io.secretstage.observability;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.system.FilterOrder;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the service tells about the requests it serves: their ids, the access log, the
 * request metrics tagged with the error code, and the log's events counted by level.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(FilterOrder.REQUEST_ID.order());
		return registration;
	}

	@Bean
	FilterRegistrationBean<AccessLogFilter> accessLogFilter() {
		FilterRegistrationBean<AccessLogFilter> registration = new FilterRegistrationBean<>(new AccessLogFilter());
		registration.setOrder(FilterOrder.ACCESS_LOG.order());
		return registration;
	}

	/**
	 * Request metrics, wherever there is a meter registry (a web slice test has none).
	 * @param meters the meter registry, if there is one; a private one otherwise
	 * @return the filter
	 */
	@Bean
	FilterRegistrationBean<RequestMetricsFilter> requestMetricsFilter(ObjectProvider<MeterRegistry> meters) {
		FilterRegistrationBean<RequestMetricsFilter> registration = new FilterRegistrationBean<>(
				new RequestMetricsFilter(meters.getIfAvailable(SimpleMeterRegistry::new)));
		registration.setOrder(FilterOrder.METRICS.order());
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

}
