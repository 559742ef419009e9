package io.secretstage.system;

import java.beans.PropertyEditorSupport;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Integers in a query (such as {@code limit}) are decimal digits and nothing else, given
 * once. Spring would otherwise fall back on its lenient number editor, which reads
 * {@code 0x10} as 16 and {@code +5} or {@code " 5"} as 5, and take the first of two
 * values. Anything else is 400 {@code CSMS.0002} naming the parameter, as a repeated
 * string parameter already is (its values are joined and break its pattern).
 */
@ControllerAdvice
class StrictQueryIntegers {

	@InitBinder
	void decimalIntegers(WebDataBinder binder) {
		binder.registerCustomEditor(int.class, new Decimal());
		binder.registerCustomEditor(Integer.class, new Decimal());
	}

	/** Reads "42"; refuses a sign, a space, another base, an exponent, or "2,3". */
	private static final class Decimal extends PropertyEditorSupport {

		@Override
		public void setAsText(String text) {
			if (text.isEmpty() || text.length() > 9) {
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

}
