package io.secretstage.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The parameters of the API's handlers: the value types of the names in paths
 * ({@link ProjectId}, {@link ResourceName}, {@link VersionId}), each made from its path
 * variable by one resolver that checks its pattern, and the names the caller used for
 * them.
 */
public final class ApiParameters {

	private static final List<PathValue<?>> PATH_VALUES = List.of(new PathValue<>(ProjectId.class, ProjectId::new),
			new PathValue<>(ResourceName.class, ResourceName::new), new PathValue<>(VersionId.class, VersionId::new));

	private ApiParameters() {
	}

	/**
	 * Makes the path's value types straight from the path's variables. Spring MVC's own
	 * resolver of path variables would build a data binder for each and look the
	 * converter up by the parameter's type and annotations, which took a tenth of the
	 * read path's CPU (bench/RESULTS.md); a value that breaks its pattern is still a
	 * {@link MethodArgumentTypeMismatchException}, as there.
	 * @return the resolver, to be asked before Spring MVC's own
	 */
	static HandlerMethodArgumentResolver pathValues() {
		return new PathValues();
	}

	/**
	 * The name the caller used: the path variable's or query parameter's own name.
	 * @param parameter a handler's parameter
	 * @return its name in the request
	 */
	public static String name(MethodParameter parameter) {
		PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
		if (path != null) {
			return path.name().isEmpty() ? path.value() : path.name();
		}
		RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
		if (query != null) {
			return query.name().isEmpty() ? query.value() : query.name();
		}
		return String.valueOf(parameter.getParameterName());
	}

	/**
	 * The path variables of a handler whose values are not of their types, all of them,
	 * as the contract's error names them.
	 * @param parameters the handler's parameters
	 * @param values the request's path variables
	 * @return their names, joined by {@code ", "}; empty if all are valid
	 */
	public static String invalidPathVariables(MethodParameter[] parameters, Map<?, ?> values) {
		StringJoiner invalid = new StringJoiner(", ");
		for (MethodParameter parameter : parameters) {
			PathValue<?> type = pathValue(parameter.getParameterType());
			if (type != null && parameter.hasParameterAnnotation(PathVariable.class)) {
				String name = name(parameter);
				if (!(values.get(name) instanceof String text) || !type.accepts(text)) {
					invalid.add(name);
				}
			}
		}
		return invalid.toString();
	}

	private static @Nullable PathValue<?> pathValue(Class<?> type) {
		for (PathValue<?> value : PATH_VALUES) {
			if (value.type() == type) {
				return value;
			}
		}
		return null;
	}

	/**
	 * A value type of the path and how it is made from text.
	 *
	 * @param <T> the type
	 * @param type the type
	 * @param make makes one, or throws {@link IllegalArgumentException} for text that
	 * breaks its pattern
	 */
	private record PathValue<T>(Class<T> type, Function<String, T> make) {

		boolean accepts(String text) {
			try {
				this.make.apply(text);
				return true;
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}

	}

	private static final class PathValues implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return pathValue(parameter.getParameterType()) != null
					&& parameter.hasParameterAnnotation(PathVariable.class);
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
				NativeWebRequest request, @Nullable WebDataBinderFactory binders) throws Exception {
			PathValue<?> type = Objects.requireNonNull(pathValue(parameter.getParameterType()));
			String name = name(parameter);
			if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
					RequestAttributes.SCOPE_REQUEST) instanceof Map<?, ?> variables)
					|| !(variables.get(name) instanceof String text)) {
				throw new MissingPathVariableException(name, parameter);
			}
			try {
				return type.make().apply(text);
			}
			catch (IllegalArgumentException ex) {
				throw new MethodArgumentTypeMismatchException(text, type.type(), name, parameter, ex);
			}
		}

	}

}
