package io.secretstage.system;

import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import io.secretstage.identity.AccessPolicy;
import io.secretstage.identity.CallerIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Checks a write's path variables, then the caller's project and write role, before its
 * body is read (*decided*): the order of checks stays the contract's (path variables 400,
 * project and role 403, then the body), and a caller without access learns nothing from
 * how its body would have been judged. The handlers check again, as every handler does;
 * for a write these checks come first.
 */
final class AccessBeforeBodyInterceptor implements HandlerInterceptor {

	private final AccessPolicy access;

	AccessBeforeBodyInterceptor(AccessPolicy access) {
		this.access = access;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		// A read has no body: the read path pays one comparison here.
		if (HttpMethod.GET.matches(request.getMethod()) || !(handler instanceof HandlerMethod method)
				|| !readsBody(method)) {
			return true;
		}
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(variables instanceof Map<?, ?> values) || !(values.get("project_id") instanceof String projectId)
				|| authentication == null || !(authentication.getPrincipal() instanceof CallerIdentity caller)) {
			return true;
		}
		String invalid = invalidPathVariables(method, values);
		if (!invalid.isEmpty()) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER, "The value of parameter " + invalid + " is invalid.");
		}
		this.access.check(caller, projectId, AccessPolicy.Operation.WRITE);
		return true;
	}

	private static boolean readsBody(HandlerMethod method) {
		for (MethodParameter parameter : method.getMethodParameters()) {
			if (parameter.hasParameterAnnotation(RequestBody.class)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The path variables that break their patterns, named as the handler's validation
	 * names them.
	 */
	private static String invalidPathVariables(HandlerMethod method, Map<?, ?> values) {
		StringJoiner invalid = new StringJoiner(", ");
		for (MethodParameter parameter : method.getMethodParameters()) {
			PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
			jakarta.validation.constraints.Pattern pattern = parameter
				.getParameterAnnotation(jakarta.validation.constraints.Pattern.class);
			if (variable != null && pattern != null) {
				Object value = values.get(ApiExceptionHandler.parameterName(parameter));
				if (!(value instanceof String text) || !Pattern.matches(pattern.regexp(), text)) {
					invalid.add(ApiExceptionHandler.parameterName(parameter));
				}
			}
		}
		return invalid.toString();
	}

}
