package io.secretstage.web;

import java.util.regex.Pattern;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a body field that the SDK sends as a string of digits and Terraform as a number
 * (ListResourceInstances' {@code limit} and {@code offset}): the one place where the
 * contract lets a string and a number stand for each other. A string of other than 1 to 4
 * decimal digits, or a number past an {@code int}, reads as {@link #INVALID}, which the
 * field's range refuses with 400 {@code CSMS.0002} naming it; any other JSON type is a
 * body of the wrong shape (400 {@code CSMS.0004}), as for every field.
 */
public final class DigitsOrNumber extends ValueDeserializer<Integer> {

	/** What a field holds when its value is refused: below every range it has. */
	public static final int INVALID = -1;

	private static final Pattern DIGITS = Pattern.compile(ApiPatterns.DIGITS);

	@Override
	public Integer deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() == JsonToken.VALUE_STRING) {
			String text = parser.getString();
			return DIGITS.matcher(text).matches() ? Integer.valueOf(text) : INVALID;
		}
		if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
			return (parser.getNumberType() == JsonParser.NumberType.INT) ? parser.getIntValue() : INVALID;
		}
		return (Integer) context.handleUnexpectedToken(Integer.class, parser);
	}

}
