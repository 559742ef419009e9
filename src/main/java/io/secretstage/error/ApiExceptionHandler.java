package io.secretstage.error;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.secretstage.database.DatabaseCircuitOpenException;
import io.secretstage.web.ApiParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.core.MethodParameter;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every exception that reaches Spring MVC to the contract's status and error body.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	/**
	 * A field name that may be repeated to the caller: the shape of every field name of
	 * the contract. Any other name is the caller's input, which no message repeats.
	 */
	private static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

	@ExceptionHandler
	void apiException(ApiException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		ErrorCode code = ex.errorCode();
		ErrorWriter.write(request, response, code.status(), code, ex.getMessage());
	}

	/**
	 * A path variable, query parameter or body field that breaks its constraints: the
	 * message names each by the name the caller used, never with its value.
	 * @param ex the constraint violations, by parameter
	 * @param request the request, whose id the error body carries
	 * @param response where the error body is written
	 */
	@ExceptionHandler
	void invalidParameter(HandlerMethodValidationException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		String names = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> (result instanceof ParameterErrors body)
					? body.getFieldErrors().stream().map((error) -> ApiException.jsonName(error.getField()))
					: Stream.of(ApiParameters.name(result.getMethodParameter())))
			.distinct()
			.collect(Collectors.joining(", "));
		writeInvalidParameter(request, response, names);
	}

	/**
	 * A body field that breaks its constraints, in a handler without constraints of its
	 * own on other parameters.
	 * @param ex the body's field errors
	 * @param request the request, whose id the error body carries
	 * @param response where the error body is written
	 */
	@ExceptionHandler
	void invalidBody(MethodArgumentNotValidException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		writeInvalidParameter(request, response,
				ex.getFieldErrors()
					.stream()
					.map((error) -> ApiException.jsonName(error.getField()))
					.distinct()
					.collect(Collectors.joining(", ")));
	}

	@ExceptionHandler
	void mistypedParameter(MethodArgumentTypeMismatchException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		MethodParameter parameter = ex.getParameter();
		String names = ApiParameters.name(parameter);
		if (parameter.hasParameterAnnotation(PathVariable.class)
				&& request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> values) {
			// Converted one at a time, the first invalid one stops the rest: name them
			// all.
			Executable handler = parameter.getExecutable();
			MethodParameter[] parameters = new MethodParameter[handler.getParameterCount()];
			for (int i = 0; i < parameters.length; i++) {
				parameters[i] = MethodParameter.forExecutable(handler, i);
			}
			String all = ApiParameters.invalidPathVariables(parameters, values);
			names = all.isEmpty() ? names : all;
		}
		writeInvalidParameter(request, response, names);
	}

	/**
	 * A body that cannot be read: 413 if it is too large, 400 {@code CSMS.0002} naming a
	 * field that a body which takes only its own fields does not take, otherwise 400
	 * {@code CSMS.0004}.
	 * @param ex the failure, whose causes tell which
	 * @param request the request, whose id the error body carries
	 * @param response where the error body is written
	 */
	@ExceptionHandler
	void unreadableBody(HttpMessageNotReadableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException) {
				ErrorWriter.write(request, response, 413);
				return;
			}
			if (cause instanceof UnrecognizedPropertyException unknown) {
				String name = unknownField(unknown);
				if (name.isEmpty()) {
					ErrorWriter.write(request, response, ErrorCode.INVALID_PARAMETER);
				}
				else {
					writeInvalidParameter(request, response, name);
				}
				return;
			}
		}
		ErrorWriter.write(request, response, ErrorCode.INVALID_BODY);
	}

	/**
	 * The JSON path of a field that its object does not declare, such as
	 * {@code credential.status}; the object that holds it if its name is not of the
	 * contract's shape, since the caller chose it.
	 * @param ex the failure, whose path ends with the field
	 * @return the path's names joined by dots, empty for a field at the top of the body
	 * whose name cannot be repeated
	 */
	private static String unknownField(UnrecognizedPropertyException ex) {
		List<String> names = ex.getPath()
			.stream()
			.map(JacksonException.Reference::getPropertyName)
			.filter(Objects::nonNull)
			.toList();
		if (!names.isEmpty() && !FIELD_NAME.matcher(names.getLast()).matches()) {
			// Every name but the last is one of the body's own.
			names = names.subList(0, names.size() - 1);
		}
		return String.join(".", names);
	}

	@ExceptionHandler({ NoHandlerFoundException.class, NoResourceFoundException.class })
	void noRoute(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ErrorWriter.write(request, response, ErrorCode.API_NOT_FOUND);
	}

	@ExceptionHandler
	void methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		HttpHeaders headers = ex.getHeaders();
		response.setHeader(HttpHeaders.ALLOW, headers.getFirst(HttpHeaders.ALLOW));
		ErrorWriter.write(request, response, 405);
	}

	/**
	 * The database is unreachable: a 500 like any unexpected failure, logged in one line
	 * without a stack trace, since during an outage every request that needs the database
	 * ends here; and not at all (but at debug) once its circuit is open.
	 * @param ex the failure, whose most specific cause is logged
	 * @param request the request, whose id the error body carries
	 * @param response where the error body is written
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, CannotCreateTransactionException.class })
	void databaseUnavailable(NestedRuntimeException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		// The deepest message: the driver's, not the statement's (which names the SQL).
		String reason = ex.getMessage();
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			reason = (cause.getMessage() != null) ? cause.getMessage() : reason;
		}
		if (ex.getMostSpecificCause() instanceof DatabaseCircuitOpenException) {
			// The circuit said so once, when it opened; not again for each request.
			logger.debug("Database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(), reason);
		}
		else {
			logger.warn("Database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(), reason);
		}
		ErrorWriter.write(request, response, ErrorCode.INTERNAL_ERROR);
	}

	/**
	 * The rest of Spring MVC's own rejections (unreadable request, unsupported media
	 * type, missing header...) by their status; anything else is unexpected.
	 * @param ex the failure
	 * @param request the request, whose id the error body carries
	 * @param response where the error body is written
	 */
	@ExceptionHandler
	void other(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (ex instanceof ErrorResponse rejection && rejection.getStatusCode().is4xxClientError()) {
			ErrorWriter.write(request, response, rejection.getStatusCode().value());
			return;
		}
		logger.error("Unexpected failure of {} {}", request.getMethod(), request.getRequestURI(), ex);
		ErrorWriter.write(request, response, ErrorCode.INTERNAL_ERROR);
	}

	private static void writeInvalidParameter(HttpServletRequest request, HttpServletResponse response, String names)
			throws IOException {
		ApiException invalid = ApiException.invalidParameters(names);
		ErrorWriter.write(request, response, 400, invalid.errorCode(), invalid.getMessage());
	}

}
