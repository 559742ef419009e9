package io.secretstage.web;

import java.util.regex.Pattern;

/**
 * A project id as a path names it ({@value ApiPatterns#PROJECT_ID}), checked when it is
 * made: a handler that takes one never sees another.
 *
 * @param value the id
 */
public record ProjectId(String value) {

	/** What a valid value matches. */
	public static final String REGEXP = ApiPatterns.PROJECT_ID;

	private static final Pattern PATTERN = Pattern.compile(REGEXP);

	public ProjectId {
		if (!PATTERN.matcher(value).matches()) {
			throw new IllegalArgumentException("Not a project id");
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
