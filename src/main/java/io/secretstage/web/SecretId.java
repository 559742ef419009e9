package io.secretstage.web;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A secret's id as a path names it ({@value ApiPatterns#SECRET_ID}), checked when it is
 * made.
 *
 * @param value the id
 */
public record SecretId(String value) {

	/** What a valid value matches. */
	public static final String REGEXP = ApiPatterns.SECRET_ID;

	private static final Pattern PATTERN = Pattern.compile(REGEXP);

	public SecretId {
		if (!PATTERN.matcher(value).matches()) {
			throw new IllegalArgumentException("Not a secret id");
		}
	}

	/**
	 * The id as a UUID: none when it has a letter past {@code f}, which the contract's
	 * pattern allows but no secret's id has.
	 * @return the UUID, or empty
	 */
	public Optional<UUID> uuid() {
		try {
			return Optional.of(UUID.fromString(this.value));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
