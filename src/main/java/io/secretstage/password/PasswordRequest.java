package io.secretstage.password;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.secretstage.web.KnownFieldsOnly;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

/**
 * The body of GenerateRandomPassword, which may be left out; a field absent or
 * {@code null} takes its default. A field it does not declare is refused (*chosen*):
 * ignored, it might be a wish that the password would not meet.
 *
 * @param length how many characters, 1 to 255; 32 when not given
 * @param excludeLowercase leave out {@code a} to {@code z}
 * @param excludeUppercase leave out {@code A} to {@code Z}
 * @param excludeNumbers leave out {@code 0} to {@code 9}
 * @param excludePunctuation leave out the 32 ASCII punctuation marks
 * @param includeSpace take the space as well
 * @param excludeCharacters characters never used: printable ASCII, at most 256
 * @param requireEachIncludedType at least one character of each class that still has
 * characters
 * @param passwordPolicyName accepted and ignored: there are no named policies here
 */
@KnownFieldsOnly
record PasswordRequest(@Min(1) @Max(255) @Nullable Integer length,
		@JsonProperty("exclude_lowercase") @Nullable Boolean excludeLowercase,
		@JsonProperty("exclude_uppercase") @Nullable Boolean excludeUppercase,
		@JsonProperty("exclude_numbers") @Nullable Boolean excludeNumbers,
		@JsonProperty("exclude_punctuation") @Nullable Boolean excludePunctuation,
		@JsonProperty("include_space") @Nullable Boolean includeSpace,
		@JsonProperty("exclude_characters") @CodePointLength(max = 256) @Pattern(
				regexp = PasswordRequest.PRINTABLE_ASCII) @Nullable String excludeCharacters,
		@JsonProperty("require_each_included_type") @Nullable Boolean requireEachIncludedType,
		@JsonProperty("password_policy_name") @CodePointLength(max = 64) @Nullable String passwordPolicyName) {

	/** What a request without a body, or with {@code {}}, asks for: every default. */
	static final PasswordRequest DEFAULTS = new PasswordRequest(null, null, null, null, null, null, null, null, null);

	static final int DEFAULT_LENGTH = 32;

	static final String PRINTABLE_ASCII = "[\\x20-\\x7E]*";

	static final String LOWERCASE = "abcdefghijklmnopqrstuvwxyz";

	static final String UPPERCASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	static final String NUMBERS = "0123456789";

	static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

	static final String SPACE = " ";

	int lengthOrDefault() {
		return (this.length != null) ? this.length : DEFAULT_LENGTH;
	}

	boolean eachClassRequired() {
		return Boolean.TRUE.equals(this.requireEachIncludedType);
	}

	/**
	 * The classes of characters asked for, each without the excluded characters; a class
	 * left with none is dropped. Their union is the alphabet.
	 * @return the classes, no two sharing a character
	 */
	List<String> classes() {
		List<String> asked = new ArrayList<>(5);
		if (!Boolean.TRUE.equals(this.excludeLowercase)) {
			asked.add(LOWERCASE);
		}
		if (!Boolean.TRUE.equals(this.excludeUppercase)) {
			asked.add(UPPERCASE);
		}
		if (!Boolean.TRUE.equals(this.excludeNumbers)) {
			asked.add(NUMBERS);
		}
		if (!Boolean.TRUE.equals(this.excludePunctuation)) {
			asked.add(PUNCTUATION);
		}
		if (Boolean.TRUE.equals(this.includeSpace)) {
			asked.add(SPACE);
		}
		return asked.stream().map(this::withoutExcluded).filter((kept) -> !kept.isEmpty()).toList();
	}

	private String withoutExcluded(String characters) {
		String excluded = (this.excludeCharacters != null) ? this.excludeCharacters : "";
		StringBuilder kept = new StringBuilder(characters.length());
		characters.chars().filter((c) -> excluded.indexOf(c) < 0).forEach((c) -> kept.append((char) c));
		return kept.toString();
	}

	/**
	 * The fields that left characters out, as the caller named them: those to blame when
	 * none is left.
	 * @return their names, joined by {@code ", "}
	 */
	String exclusions() {
		StringJoiner names = new StringJoiner(", ");
		if (Boolean.TRUE.equals(this.excludeLowercase)) {
			names.add("exclude_lowercase");
		}
		if (Boolean.TRUE.equals(this.excludeUppercase)) {
			names.add("exclude_uppercase");
		}
		if (Boolean.TRUE.equals(this.excludeNumbers)) {
			names.add("exclude_numbers");
		}
		if (Boolean.TRUE.equals(this.excludePunctuation)) {
			names.add("exclude_punctuation");
		}
		if (this.excludeCharacters != null && !this.excludeCharacters.isEmpty()) {
			names.add("exclude_characters");
		}
		return names.toString();
	}

}
