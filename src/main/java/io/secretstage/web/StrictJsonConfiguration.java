package io.secretstage.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Request bodies are read strictly, so that the service never reads a body otherwise than
 * a client or a gateway in front of it, and what is read back is always what was written.
 * Each of these is 400 {@code CSMS.0004}:
 * <ul>
 * <li>a value of another JSON type than its field's: a number or boolean for a string, a
 * string, fraction or boolean for an integer, a string or number for a boolean;</li>
 * <li>a key twice in one object;</li>
 * <li>bytes that are not UTF-8, overlong forms and encoded surrogates included;</li>
 * <li>a string with a lone UTF-16 surrogate ({@code "\ud800"}), which no UTF-8 can hold.
 * </li>
 * </ul>
 * A field that a body of {@link KnownFieldsOnly} does not declare is 400
 * {@code CSMS.0002}; other bodies ignore it.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

	@Bean
	JsonMapperBuilderCustomizer strictJsonBodies() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfig(LogicalType.Textual,
					(coercions) -> coercions.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer,
					(coercions) -> coercions.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(coercions) -> coercions.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
			.addModule(
					new SimpleModule("whole-unicode-strings").addDeserializer(String.class, new WholeUnicodeStrings()));
	}

	/** Strings as Jackson reads them, refused when they hold a lone surrogate. */
	static final class WholeUnicodeStrings extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String value = super.deserialize(parser, context);
			if (value != null && hasLoneSurrogate(value)) {
				throw InvalidFormatException.from(parser, "A string holds a lone UTF-16 surrogate", null, String.class);
			}
			return value;
		}

		static boolean hasLoneSurrogate(String value) {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (Character.isHighSurrogate(c) && i + 1 < value.length()
						&& Character.isLowSurrogate(value.charAt(i + 1))) {
					i++;
				}
				else if (Character.isSurrogate(c)) {
					return true;
				}
			}
			return false;
		}

	}

	/**
	 * Refuses a body that is not UTF-8 before it is parsed: Jackson would read an
	 * overlong form such as {@code C0 AF} as {@code /}. Once a body of
	 * {@link KnownFieldsOnly} has been read, reads its bytes again, failing on a field
	 * that it does not declare: only then, so that a body that is also malformed is
	 * refused as malformed whichever comes first, and only for those bodies, which are
	 * small and seldom sent.
	 */
	@ControllerAdvice
	static class Utf8Bodies extends RequestBodyAdviceAdapter {

		private final JsonMapper json;

		Utf8Bodies(JsonMapper json) {
			this.json = json;
		}

		@Override
		public boolean supports(MethodParameter parameter, Type targetType,
				Class<? extends HttpMessageConverter<?>> converterType) {
			return true;
		}

		@Override
		public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
				Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
			byte[] body = input.getBody().readAllBytes();
			try {
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(body));
			}
			catch (CharacterCodingException ex) {
				throw new HttpMessageNotReadableException("The request body is not UTF-8", input);
			}
			return new ReadBody(body, input.getHeaders());
		}

		@Override
		public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
				Class<? extends HttpMessageConverter<?>> converterType) {
			if (parameter.getParameterType().isAnnotationPresent(KnownFieldsOnly.class)) {
				if (!(input instanceof ReadBody read)) {
					throw new IllegalStateException("The body of " + parameter + " was not kept to be read again");
				}
				ObjectReader knownFieldsOnly = this.json.readerFor(this.json.constructType(targetType))
					.with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
				try {
					knownFieldsOnly.readValue(read.bytes());
				}
				catch (JacksonException ex) {
					// An UnrecognizedPropertyException: the body read well before.
					throw new HttpMessageNotReadableException("The request body has a field it does not declare", ex,
							input);
				}
			}
			return body;
		}

	}

	/**
	 * A body read whole, to be read from the start again each time.
	 *
	 * @param bytes the body
	 * @param headers the request's headers
	 */
	record ReadBody(byte[] bytes, HttpHeaders headers) implements HttpInputMessage {

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.bytes);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
