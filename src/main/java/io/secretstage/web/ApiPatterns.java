package io.secretstage.web;

/**
 * The patterns of the contract's names and ids, for request validation.
 */
public final class ApiPatterns {

	/** A project id: 32 to 64 letters, digits, {@code _} or {@code -}. */
	public static final String PROJECT_ID = "[A-Za-z0-9_-]{32,64}";

	/** A secret's or a stage's name: 1 to 64 letters, digits, {@code _} or {@code -}. */
	public static final String NAME = "[a-zA-Z0-9_-]{1,64}";

	/**
	 * A name, or nothing: an entry of {@code event_subscriptions}, where {@code ""} is
	 * dropped, or a query parameter sent without a value, which counts as absent.
	 */
	public static final String NAME_OR_EMPTY = "|" + NAME;

	/** A version's id: {@code v} and 1 to 10 digits, such as {@code v1}. */
	public static final String VERSION_ID = "v[0-9]{1,10}";

	/** Text that PostgreSQL can store: anything but NUL. */
	public static final String STORABLE_TEXT = "[^\\x00]*";

	private ApiPatterns() {
	}

}
