package io.secretstage.web;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC for the API: the routes looked up as {@link ApiRequestMappings} says, their
 * handlers called as {@link ApiHandlerAdapter} says, and JSON whatever the caller
 * accepts.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebProperties.class)
class WebConfiguration implements WebMvcConfigurer {

	/**
	 * The routes, looked up as {@link ApiRequestMappings} says, and their handlers called
	 * as {@link ApiHandlerAdapter} says, unless its shortcuts are turned off.
	 * @param json the application's JSON mapper, which writes the bodies
	 * @param properties whether the handlers take the shortcuts
	 * @return the registration of both
	 */
	@Bean
	WebMvcRegistrations apiHandlers(JsonMapper json, WebProperties properties) {
		return new WebMvcRegistrations() {

			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new ApiRequestMappings();
			}

			@Override
			public @Nullable RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
				return properties.handlerShortcuts() ? new ApiHandlerAdapter(json) : null;
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
