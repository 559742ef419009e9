package io.secretstage.web;

import java.util.regex.Pattern;

/**
 * The name of a secret or of a stage as a path names it ({@value ApiPatterns#NAME}),
 * checked when it is made.
 *
 * @param value the name
 */
public record ResourceName(String value) {

	/** What a valid value matches. */
	public static final String REGEXP = ApiPatterns.NAME;

	private static final Pattern PATTERN = Pattern.compile(REGEXP);

	public ResourceName {
		if (!PATTERN.matcher(value).matches()) {
			throw new IllegalArgumentException("Not a resource name");
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
