package io.secretstage.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The parameters of the API's handlers: the value types of the names in paths
 * ({@link ProjectId}, {@link ResourceName}, {@link VersionId}, {@link SecretId},
 * {@link TagKey}), each made from its path variable and checked against its pattern when
 * it is made, and the names the caller used for them.
 */
public final class ApiParameters {

	private static final List<PathValue<?>> PATH_VALUES = List.of(new PathValue<>(ProjectId.class, ProjectId::new),
			new PathValue<>(ResourceName.class, ResourceName::new), new PathValue<>(VersionId.class, VersionId::new),
			new PathValue<>(SecretId.class, SecretId::new), new PathValue<>(TagKey.class, TagKey::new));

	private ApiParameters() {
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

	/**
	 * Whether a handler's parameter is a value type of the path, made from its path
	 * variable.
	 * @param parameter a handler's parameter
	 * @return {@code true} for a path variable of one of the value types
	 */
	static boolean isPathValue(MethodParameter parameter) {
		return pathValue(parameter.getParameterType()) != null && parameter.hasParameterAnnotation(PathVariable.class);
	}

	/**
	 * Make a path value type from its text.
	 * @param type one of the value types of the path
	 * @param text the path variable's text
	 * @return the value
	 * @throws IllegalArgumentException if the text breaks the type's pattern
	 */
	static Object pathValue(Class<?> type, String text) {
		return Objects.requireNonNull(pathValue(type)).make().apply(text);
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

}
