package io.secretstage.identity;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link SecurityConfiguration#assignedAndNotControl} allows exactly what
 * Spring Security's own patterns for header names and values allow, for every code point.
 */
class FirewallHeaderCheckTests {

	private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void everyCodePointThenTheSameAnswerAsTheFirewallsPatterns() {
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String text = "a" + Character.toString(codePoint) + "b";
			assertThat(SecurityConfiguration.assignedAndNotControl(text, false)).as("name U+%04X", codePoint)
				.isEqualTo(NAMES.matcher(text).matches());
			assertThat(SecurityConfiguration.assignedAndNotControl(text, true)).as("value U+%04X", codePoint)
				.isEqualTo(VALUES.matcher(text).matches());
		}
	}

	@Test
	void loneSurrogatesThenTheSameAnswerAsTheFirewallsPatterns() {
		for (String text : new String[] { "\ud800", "a\udc00", "\ud83d\ude00", "\ude00\ud83d" }) {
			assertThat(SecurityConfiguration.assignedAndNotControl(text, true))
				.isEqualTo(VALUES.matcher(text).matches());
		}
	}

}
