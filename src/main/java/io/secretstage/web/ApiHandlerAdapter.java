package io.secretstage.web;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Spring MVC's handler adapter, asking the API's own resolver of path values
 * ({@link ApiParameters#pathValues()}) and writer of bodies ({@link JsonBodies}) before
 * its own: both stand in for general machinery that the read path paid for on every
 * request.
 */
final class ApiHandlerAdapter extends RequestMappingHandlerAdapter {

	private final JsonMapper json;

	ApiHandlerAdapter(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void afterPropertiesSet() {
		super.afterPropertiesSet();
		setArgumentResolvers(first(ApiParameters.pathValues(), getArgumentResolvers()));
		setReturnValueHandlers(first(new JsonBodies(this.json), getReturnValueHandlers()));
	}

	private static <T> List<T> first(T own, List<T> others) {
		List<T> all = new ArrayList<>(others.size() + 1);
		all.add(own);
		all.addAll(others);
		return all;
	}

}
