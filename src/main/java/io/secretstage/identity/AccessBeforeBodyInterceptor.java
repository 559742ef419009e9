package io.secretstage.identity;

import java.util.Map;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.web.ApiParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Checks a write's path variables, then the caller's project and write role, before its
 * body is read (*decided*); a read that takes a body ({@link ReadWithBody}) needs the
 * read role instead: the order of checks stays the contract's (path variables 400,
 * project and role 403, then the body), and a caller without access learns nothing from
 * how its body would have been judged. A handler marked {@link ScopeOnly} needs the
 * project alone. The handlers check again, as every handler does; for a write these
 * checks come first.
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
		String invalid = ApiParameters.invalidPathVariables(method.getMethodParameters(), values);
		if (!invalid.isEmpty()) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER, "The value of parameter " + invalid + " is invalid.");
		}
		AccessPolicy.Operation operation = method.hasMethodAnnotation(ScopeOnly.class)
				? AccessPolicy.Operation.SCOPE_ONLY : method.hasMethodAnnotation(ReadWithBody.class)
						? AccessPolicy.Operation.READ : AccessPolicy.Operation.WRITE;
		this.access.check(caller, projectId, operation);
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

}
