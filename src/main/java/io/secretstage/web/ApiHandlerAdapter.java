package io.secretstage.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Spring MVC's handler adapter with two shortcuts, asked before its own resolvers and
 * handlers: the path's value types ({@link ProjectId}, {@link ResourceName},
 * {@link VersionId}) made straight from the path's variables ({@link PathValues}), and
 * the records the handlers return written straight to the response as the contract's JSON
 * ({@link JsonBodies}). Everything else (bodies read, {@code ResponseEntity} answers)
 * goes through Spring MVC as usual, and so does everything when
 * {@code csms.web.handler-shortcuts} is {@code false}.
 * <p>
 * Why not Spring MVC's own: its argument resolution builds a data binder per path
 * variable and looks the converter up by type, and its message converters negotiate a
 * media type the contract does not have. Without these shortcuts, in alternating starts
 * on the read path, the service took 6.5% (mean of 5 rounds) to 14% (median) more CPU and
 * 21% more allocation per request (bench/RESULTS.md, round six). The answers are the same
 * byte for byte: {@code HandlerShortcutsParityTests} sends every route and error through
 * both.
 */
final class ApiHandlerAdapter extends RequestMappingHandlerAdapter {

	private final JsonMapper json;

	ApiHandlerAdapter(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void afterPropertiesSet() {
		super.afterPropertiesSet();
		setArgumentResolvers(first(new PathValues(), getArgumentResolvers()));
		setReturnValueHandlers(first(new JsonBodies(this.json), getReturnValueHandlers()));
	}

	private static <T> List<T> first(T own, List<T> others) {
		List<T> all = new ArrayList<>(others.size() + 1);
		all.add(own);
		all.addAll(others);
		return all;
	}

	/**
	 * Makes the path's value types from the path's variables; a value that breaks its
	 * pattern is a {@link MethodArgumentTypeMismatchException}, as with Spring MVC's own
	 * conversion.
	 */
	static final class PathValues implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return ApiParameters.isPathValue(parameter);
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binders) throws Exception {
			String name = ApiParameters.name(parameter);
			if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
					RequestAttributes.SCOPE_REQUEST) instanceof Map<?, ?> variables)
					|| !(variables.get(name) instanceof String text)) {
				throw new MissingPathVariableException(name, parameter);
			}
			try {
				return ApiParameters.pathValue(parameter.getParameterType(), text);
			}
			catch (IllegalArgumentException ex) {
				throw new MethodArgumentTypeMismatchException(text, parameter.getParameterType(), name, parameter, ex);
			}
		}

	}

	/**
	 * Writes the records a {@code @ResponseBody} handler returns with the application's
	 * JSON mapper, straight to the response: the contract has one representation and
	 * every route produces it ({@link ApiRequestMappings}), so there is nothing to
	 * negotiate.
	 */
	static final class JsonBodies implements HandlerMethodReturnValueHandler {

		private final ObjectWriter writer;

		JsonBodies(JsonMapper json) {
			this.writer = json.writer();
		}

		@Override
		public boolean supportsReturnType(MethodParameter returnType) {
			return returnType.getParameterType().isRecord() && (returnType.hasMethodAnnotation(ResponseBody.class)
					|| AnnotatedElementUtils.hasAnnotation(returnType.getContainingClass(), ResponseBody.class));
		}

		@Override
		public void handleReturnValue(@Nullable Object body, MethodParameter returnType,
				ModelAndViewContainer container, NativeWebRequest request) throws Exception {
			container.setRequestHandled(true);
			HttpServletResponse response = request.getNativeResponse(HttpServletResponse.class);
			if (body == null || response == null) {
				return;
			}
			// Neither a Content-Length nor a close of the stream: with either, Tomcat
			// sends
			// the response at once, before the access log and the request's metrics are
			// done with it. It sets the length itself when the request ends, as for any
			// body that fits its buffer.
			byte[] json = this.writer.writeValueAsBytes(body);
			response.setContentType(EmptyResponses.JSON_UTF8);
			response.getOutputStream().write(json);
		}

	}

}
