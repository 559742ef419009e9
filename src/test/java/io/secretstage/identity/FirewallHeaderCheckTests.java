package io.secretstage.identity;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the service's firewall allows exactly the header names and values Spring
 * Security's default {@link StrictHttpFirewall} allows: on every code point against the
 * checks Spring Security's own firewall is built with
 * ({@link StrictHttpFirewall#ALLOWED_HEADER_NAMES},
 * {@link StrictHttpFirewall#ALLOWED_HEADER_VALUES}), and through a firewall of each,
 * built here, on the first 2,048 code points (the controls, the tab, unassigned ones).
 */
class FirewallHeaderCheckTests {

	private static final List<String> LONE_SURROGATES = List.of("\ud800", "a\udc00", "\ud83d\ude00", "\ude00\ud83d");

	private final HttpFirewall spring = new StrictHttpFirewall();

	private final HttpFirewall service = new SecurityConfiguration().httpFirewall();

	@Test
	void everyCodePointThenTheSameAnswerAsSpringSecuritysChecks() {
		List<String> differences = new ArrayList<>();
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String text = "a" + Character.toString(codePoint) + "b";
			boolean name = SecurityConfiguration.assignedAndNotControl(text, false);
			if (name != StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text)) {
				differences.add(difference("name", text, name));
			}
			boolean value = SecurityConfiguration.assignedAndNotControl(text, true);
			if (value != StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text)) {
				differences.add(difference("value", text, value));
			}
		}
		assertThat(differences).isEmpty();
	}

	@Test
	void theFirstCodePointsThroughBothFirewallsThenTheSameAnswers() {
		assertThat(differences(this.service, aAndB(0, 0x7ff))).isEmpty();
	}

	@Test
	void loneSurrogatesThenTheSameAnswerAsSpringSecuritysFirewall() {
		assertThat(differences(this.service, LONE_SURROGATES)).isEmpty();
	}

	@Test
	void controlCharactersAreRejectedAndATabOnlyInAValue() {
		for (HttpFirewall firewall : List.of(this.spring, this.service)) {
			Headers headers = new Headers(firewall);
			assertThat(headers.allowsName("a b")).isTrue();
			assertThat(headers.allowsValue("a b")).isTrue();
			assertThat(headers.allowsName("a\tb")).isFalse();
			assertThat(headers.allowsValue("a\tb")).isTrue();
			assertThat(headers.allowsName("a\u0000b")).isFalse();
			assertThat(headers.allowsValue("a\u007fb")).isFalse();
			assertThat(headers.allowsValue("a\u0378b")).isFalse();
		}
	}

	@Test
	void aCheckThatAllowsATabInANameThenThatDifferenceOnly() {
		StrictHttpFirewall loose = new StrictHttpFirewall();
		loose.setAllowedHeaderNames(StrictHttpFirewall.ALLOWED_HEADER_VALUES);

		assertThat(differences(loose, aAndB(0, 0x7ff)))
			.containsExactly("name U+0061 U+0009 U+0062: allowed, Spring Security's firewall rejects it");
	}

	private static List<String> aAndB(int firstCodePoint, int lastCodePoint) {
		return IntStream.rangeClosed(firstCodePoint, lastCodePoint)
			.mapToObj((codePoint) -> "a" + Character.toString(codePoint) + "b")
			.toList();
	}

	private List<String> differences(HttpFirewall checked, List<String> texts) {
		Headers actual = new Headers(checked);
		Headers expected = new Headers(this.spring);
		List<String> differences = new ArrayList<>();
		for (String text : texts) {
			boolean allowed = actual.allowsName(text);
			if (allowed != expected.allowsName(text)) {
				differences.add(difference("name", text, allowed));
			}
			allowed = actual.allowsValue(text);
			if (allowed != expected.allowsValue(text)) {
				differences.add(difference("value", text, allowed));
			}
		}
		return differences;
	}

	private static String difference(String what, String text, boolean allowed) {
		String codePoints = text.codePoints()
			.mapToObj((codePoint) -> String.format("U+%04X", codePoint))
			.collect(Collectors.joining(" "));
		return what + " " + codePoints + ": " + (allowed ? "allowed, Spring Security's firewall rejects it"
				: "rejected, Spring Security's firewall allows it");
	}

	/**
	 * One request, built once and seen through a firewall once, whose single header is
	 * replaced for each name or value checked: the firewall's request reads the headers
	 * of the request it wraps each time it is asked.
	 */
	private static final class Headers {

		private static final String NAME = "X-Checked";

		private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/secrets");

		private final HttpServletRequest firewalled;

		Headers(HttpFirewall firewall) {
			this.firewalled = firewall.getFirewalledRequest(this.request);
		}

		boolean allowsName(String name) {
			this.request.addHeader(name, "value");
			try {
				Enumeration<String> names = this.firewalled.getHeaderNames();
				while (names.hasMoreElements()) {
					names.nextElement();
				}
				return true;
			}
			catch (RequestRejectedException ex) {
				return false;
			}
			finally {
				this.request.removeHeader(name);
			}
		}

		boolean allowsValue(String value) {
			this.request.addHeader(NAME, value);
			try {
				this.firewalled.getHeader(NAME);
				return true;
			}
			catch (RequestRejectedException ex) {
				return false;
			}
			finally {
				this.request.removeHeader(NAME);
			}
		}

	}

}
