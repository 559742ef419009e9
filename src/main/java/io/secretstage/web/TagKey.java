package io.secretstage.web;

import java.util.regex.Pattern;

/**
 * A tag's key as a path names it, percent-decoded: {@value ApiPatterns#TAG_KEY}, 1 to
 * {@value #MAX_LENGTH} characters, checked when it is made.
 *
 * @param value the key
 */
public record TagKey(String value) {

	/** What a valid value matches, besides its length. */
	public static final String REGEXP = ApiPatterns.TAG_KEY;

	/** The most characters (code points) a key has. */
	public static final int MAX_LENGTH = 128;

	private static final Pattern PATTERN = Pattern.compile(REGEXP);

	public TagKey {
		int length = value.codePointCount(0, value.length());
		if (length < 1 || length > MAX_LENGTH || !PATTERN.matcher(value).matches()) {
			throw new IllegalArgumentException("Not a tag key");
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
