package io.secretstage.web;

import java.beans.PropertyEditorSupport;

/**
 * Reads an integer query parameter as decimal digits and nothing else, given once:
 * Spring's own number editor reads {@code 0x10} as 16 and {@code +5} or {@code " 5"} as
 * 5, and takes the first of two values. A sign, a space, another base, an exponent or
 * {@code "2,3"} (a repeated parameter) is refused, which answers 400 {@code CSMS.0002}
 * naming the parameter, as a repeated string parameter already is. At most four digits:
 * the contract's one integer parameter, {@code limit}, is "a string of 1 to 4 digits".
 */
public final class DecimalIntegerEditor extends PropertyEditorSupport {

	@Override
	public void setAsText(String text) {
		if (text.isEmpty() || text.length() > 4) {
			throw new IllegalArgumentException("Not a decimal integer");
		}
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) < '0' || text.charAt(i) > '9') {
				throw new IllegalArgumentException("Not a decimal integer");
			}
		}
		setValue(Integer.valueOf(text));
	}

}
