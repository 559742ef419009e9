package io.secretstage.password;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PasswordGenerator}: the characters uniform over the alphabet, the
 * required classes each present and in every order alike, exclusions and lengths
 * honoured, and the requests that no password meets refused.
 * <p>
 * The distributions are checked with Pearson's chi-squared statistic against fixed
 * bounds, each just above the quantile that a uniform draw exceeds with probability 1e-9
 * (computed with SciPy: {@code chi2.isf(1e-9, df)}). A correct generator therefore fails
 * a run less than once in a billion, while the smallest bias a remainder of random bytes
 * would give is far past the bound
 * ({@link #aRemainderOfRandomBytesWouldFailTheUniformityTest}).
 */
class PasswordGeneratorTests {

	private static final String ALPHABET = PasswordRequest.LOWERCASE + PasswordRequest.UPPERCASE
			+ PasswordRequest.NUMBERS + PasswordRequest.PUNCTUATION;

	/**
	 * 94 characters, 93 degrees of freedom: the 1 - 1e-9 quantile is 199.33, and
	 * P(statistic > 200) = 8.3e-10. Its mean is 93.
	 */
	private static final double UNIFORM_94_BOUND = 200;

	/**
	 * The 24 orders of 4 classes, 23 degrees of freedom: the 1 - 1e-9 quantile is 89.12,
	 * and P(statistic > 90) = 7.1e-10. Its mean is 23.
	 */
	private static final double ORDERS_24_BOUND = 90;

	/** 2,000 passwords of 94 characters: 2,000 of each character expected. */
	private static final int PASSWORDS = 2_000;

	private final PasswordGenerator generator = new PasswordGenerator();

	@Test
	void defaultsThen32CharactersOfLettersDigitsAndPunctuation() {
		assertThat(ALPHABET).hasSize(94).doesNotContain(" ");
		for (int i = 0; i < 100; i++) {
			String password = this.generator.generate(PasswordRequest.DEFAULTS);
			assertThat(password).hasSize(32);
			password.chars().forEach((c) -> assertThat(ALPHABET.indexOf(c)).isNotNegative());
		}
	}

	@Test
	void charactersAreUniformOverTheAlphabet() {
		long[] counts = new long[ALPHABET.length()];
		PasswordRequest request = request(94, null, null, null, null, null, null, null);
		for (int i = 0; i < PASSWORDS; i++) {
			this.generator.generate(request).chars().forEach((c) -> counts[ALPHABET.indexOf(c)]++);
		}

		assertThat(chiSquared(counts)).isLessThan(UNIFORM_94_BOUND);
	}

	@Test
	void aRemainderOfRandomBytesWouldFailTheUniformityTest() {
		SecureRandom random = new SecureRandom();
		long[] counts = new long[ALPHABET.length()];
		for (int i = 0; i < PASSWORDS * ALPHABET.length(); i++) {
			counts[(random.nextInt() & 0xFF) % ALPHABET.length()]++;
		}

		// 68 characters at 3/256, 26 at 2/256: a statistic of about 5,000.
		assertThat(chiSquared(counts)).isGreaterThan(10 * UNIFORM_94_BOUND);
	}

	@Test
	void eachOrderOfTheRequiredClassesIsAsLikely() {
		PasswordRequest request = request(4, null, null, null, null, null, null, true);
		Map<String, Long> orders = new HashMap<>();
		int draws = 24_000;
		for (int i = 0; i < draws; i++) {
			StringBuilder order = new StringBuilder(4);
			this.generator.generate(request).chars().forEach((c) -> order.append(classOf((char) c)));
			orders.merge(order.toString(), 1L, Long::sum);
		}

		assertThat(orders).hasSize(24);
		assertThat(chiSquared(orders.values().stream().mapToLong(Long::longValue).toArray()))
			.isLessThan(ORDERS_24_BOUND);
	}

	@Test
	void requiredThenEachClassThatHasCharactersAppearsInEveryPassword() {
		PasswordRequest withSpace = request(5, null, null, null, null, true, null, true);
		PasswordRequest withoutDigits = request(3, null, null, null, null, null, "0123456789", true);
		for (int i = 0; i < 10_000; i++) {
			assertThat(classesOf(this.generator.generate(withSpace))).isEqualTo("ludps");
			assertThat(classesOf(this.generator.generate(withoutDigits))).isEqualTo("lup");
		}
	}

	@Test
	void excludedCharactersNeverAppearAndAllOthersDo() {
		String excluded = "abcXYZ019!\"\\ ~";
		PasswordRequest request = request(255, null, null, null, null, true, excluded, null);
		long[] counts = new long[128];
		for (int i = 0; i < 200; i++) {
			this.generator.generate(request).chars().forEach((c) -> counts[c]++);
		}

		for (char c = 0; c < 128; c++) {
			boolean expected = c >= ' ' && c <= '~' && excluded.indexOf(c) < 0;
			assertThat(counts[c] > 0).as("'%s' drawn", c).isEqualTo(expected);
		}
	}

	@Test
	void onlyTheSpaceThenSpaces() {
		assertThat(this.generator.generate(request(3, true, true, true, true, true, null, true))).isEqualTo("   ");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 4, 32, 254, 255 })
	void lengthThenExactlyThatManyCharacters(int length) {
		assertThat(this.generator.generate(request(length, null, null, null, null, true, null, null))).hasSize(length);
		assertThat(this.generator.generate(request(length, null, null, null, null, null, null, length >= 4)))
			.hasSize(length);
	}

	@Test
	void noCharacterLeftThen400NamingTheFieldsThatExcludedThem() {
		assertInvalid(request(null, true, true, true, true, null, null, null),
				"exclude_lowercase, exclude_uppercase, exclude_numbers, exclude_punctuation");
		assertInvalid(request(null, true, true, null, true, false, "0123456789", true),
				"exclude_lowercase, exclude_uppercase, exclude_punctuation, exclude_characters");
	}

	@Test
	void lengthBelowTheRequiredClassesThen400NamingLength() {
		assertInvalid(request(3, null, null, null, null, null, null, true), "length");
		assertInvalid(request(4, null, null, null, null, true, null, true), "length");
		assertThat(this.generator.generate(request(3, null, null, null, null, null, null, false))).hasSize(3);
		assertThat(this.generator.generate(request(2, null, null, true, true, null, null, true))).hasSize(2);
		assertThat(this.generator.generate(request(3, null, null, null, null, null, PasswordRequest.PUNCTUATION, true)))
			.hasSize(3);
	}

	private void assertInvalid(PasswordRequest request, String names) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.generator.generate(request))
			.withMessage("The value of parameter " + names + " is invalid.")
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER));
	}

	private static PasswordRequest request(@Nullable Integer length, @Nullable Boolean excludeLowercase,
			@Nullable Boolean excludeUppercase, @Nullable Boolean excludeNumbers, @Nullable Boolean excludePunctuation,
			@Nullable Boolean includeSpace, @Nullable String excludeCharacters,
			@Nullable Boolean requireEachIncludedType) {
		return new PasswordRequest(length, excludeLowercase, excludeUppercase, excludeNumbers, excludePunctuation,
				includeSpace, excludeCharacters, requireEachIncludedType, null);
	}

	/**
	 * Pearson's statistic of counts that a uniform draw expects to be equal.
	 */
	private static double chiSquared(long[] counts) {
		double expected = (double) Arrays.stream(counts).sum() / counts.length;
		double statistic = 0;
		for (long count : counts) {
			statistic += (count - expected) * (count - expected) / expected;
		}
		return statistic;
	}

	/**
	 * The classes of a password's characters, each once, in the order l (lower case), u
	 * (upper case), d (digits), p (punctuation), s (space).
	 */
	private static String classesOf(String password) {
		StringBuilder classes = new StringBuilder();
		for (char name : "ludps".toCharArray()) {
			if (password.chars().anyMatch((c) -> classOf((char) c) == name)) {
				classes.append(name);
			}
		}
		return classes.toString();
	}

	private static char classOf(char c) {
		if (PasswordRequest.LOWERCASE.indexOf(c) >= 0) {
			return 'l';
		}
		if (PasswordRequest.UPPERCASE.indexOf(c) >= 0) {
			return 'u';
		}
		if (PasswordRequest.NUMBERS.indexOf(c) >= 0) {
			return 'd';
		}
		return (c == ' ') ? 's' : 'p';
	}

}
