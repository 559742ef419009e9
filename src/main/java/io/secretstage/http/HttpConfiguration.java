package io.secretstage.http;

import io.secretstage.system.FilterOrder;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a request may be before Spring Security and Spring MVC read it: no {@code ;}
 * parameters in its path, no body over the limit, and no {@code 100 Continue} before its
 * credentials are checked.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpLimitsProperties.class)
class HttpConfiguration {

	/**
	 * A client that sends {@code Expect: 100-continue} is told to send its body only when
	 * the service reads it, after the credentials and the route are checked; Tomcat
	 * otherwise answers 100 as soon as the head is parsed, to anyone.
	 * @return the customizer of the connectors
	 */
	@Bean
	TomcatConnectorCustomizer continueWhenTheBodyIsRead() {
		return (connector) -> {
			if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
				http.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
			}
		};
	}

	@Bean
	FilterRegistrationBean<PathParameterFilter> pathParameterFilter() {
		FilterRegistrationBean<PathParameterFilter> registration = new FilterRegistrationBean<>(
				new PathParameterFilter());
		registration.setOrder(FilterOrder.PATH_PARAMETERS.order());
		return registration;
	}

	/**
	 * The body limit, which reads a signed request's body whole for its signature.
	 * @param limits the limit
	 * @param signed tells the signed requests, if anything signs them
	 * @return the filter
	 */
	@Bean
	FilterRegistrationBean<BodySizeFilter> bodySizeFilter(HttpLimitsProperties limits,
			ObjectProvider<SignedBodies> signed) {
		FilterRegistrationBean<BodySizeFilter> registration = new FilterRegistrationBean<>(
				new BodySizeFilter(limits.maxBodySize().toBytes(), limits.maxBulkBodySize().toBytes(),
						signed.getIfAvailable(() -> (request) -> false)));
		registration.setOrder(FilterOrder.BODY_SIZE.order());
		return registration;
	}

}
