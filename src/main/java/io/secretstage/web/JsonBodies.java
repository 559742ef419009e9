package io.secretstage.web;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Writes the API's response bodies (the records its handlers return) as the contract's
 * JSON, with the application's JSON mapper, straight to the response. The contract has
 * one representation and every route produces it ({@link ApiRequestMappings}), so there
 * is nothing to negotiate: Spring MVC's message converters would still parse media types,
 * ask each converter what it can write and set the headers through three adapters, which
 * took twice the CPU of the serialization itself on the read path (bench/RESULTS.md).
 */
final class JsonBodies implements HandlerMethodReturnValueHandler {

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
	public void handleReturnValue(@Nullable Object body, MethodParameter returnType, ModelAndViewContainer container,
			NativeWebRequest request) throws Exception {
		container.setRequestHandled(true);
		HttpServletResponse response = request.getNativeResponse(HttpServletResponse.class);
		if (body == null || response == null) {
			return;
		}
		// Neither a Content-Length nor a close of the stream: with either, Tomcat sends
		// the
		// response at once, before the access log and the request's metrics are done with
		// it. It sets the length itself when the request ends, as for any body that fits
		// its buffer.
		byte[] json = this.writer.writeValueAsBytes(body);
		response.setContentType(EmptyResponses.JSON_UTF8);
		response.getOutputStream().write(json);
	}

}
