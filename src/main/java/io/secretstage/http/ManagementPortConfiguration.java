package io.secretstage.http;

import java.io.IOException;

import io.secretstage.error.ErrorCode;
import io.secretstage.error.ErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.HttpHeaders;

/**
 * The management port serves the probes and the Prometheus metrics, to GET and HEAD, and
 * nothing else: no page of links at {@code /actuator}, no {@code /error} of its own, no
 * OPTIONS. Everything else answers with the contract's error body, as the API port does:
 * 404 {@code APIGW.0101}, or 405 {@code CSMS.0003} with {@code Allow}.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementPortConfiguration.InChildContext.class)
class ManagementPortConfiguration {

	@Bean
	FilterRegistrationBean<HttpFilter> managementPortFilter() {
		FilterRegistrationBean<HttpFilter> registration = new FilterRegistrationBean<>(new HttpFilter() {

			@Override
			protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws IOException, ServletException {
				String path = request.getRequestURI();
				if (!path.equals("/actuator/health") && !path.startsWith("/actuator/health/")
						&& !path.equals("/actuator/prometheus")) {
					ErrorWriter.write(request, response, ErrorCode.API_NOT_FOUND);
					return;
				}
				String method = request.getMethod();
				if (!"GET".equals(method) && !"HEAD".equals(method)) {
					response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
					ErrorWriter.write(request, response, 405);
					return;
				}
				chain.doFilter(request, response);
			}

		});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * Only in the management port's own context, a child of the service's: the service's
	 * component scan finds this class too, and there it must do nothing.
	 */
	static final class InChildContext implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConfigurableListableBeanFactory beans = context.getBeanFactory();
			return beans != null && beans.getParentBeanFactory() != null;
		}

	}

}
