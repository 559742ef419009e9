package io.secretstage.error;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's own error page replaced by the contract's body ({@link JsonErrorReportValve});
 * the errors raised in Spring MVC are {@link ApiExceptionHandler}'s, those raised outside
 * it {@link JsonErrorController}'s.
 */
@Configuration(proxyBeanMethods = false)
class ErrorConfiguration {

	@Bean
	TomcatContextCustomizer jsonErrorReports() {
		return (context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
			}
		};
	}

}
