package io.secretstage.web;

import java.util.regex.Pattern;

/**
 * A version id as a path names it ({@value ApiPatterns#VERSION_ID}), or {@code latest}
 * for the newest version; checked when it is made.
 *
 * @param value the id, or {@code latest}
 */
public record VersionId(String value) {

	/** The newest version. */
	public static final String LATEST = "latest";

	/** What a valid value matches. */
	public static final String REGEXP = LATEST + "|" + ApiPatterns.VERSION_ID;

	private static final Pattern PATTERN = Pattern.compile(REGEXP);

	public VersionId {
		if (!PATTERN.matcher(value).matches()) {
			throw new IllegalArgumentException("Not a version id");
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
