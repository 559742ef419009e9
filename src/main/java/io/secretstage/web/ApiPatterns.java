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

	/**
	 * A secret's id: a UUID in lower case, as the contract writes it ({@code [0-9a-z]},
	 * of which only hexadecimal digits ever name a secret).
	 */
	public static final String SECRET_ID = "[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}";

	/**
	 * A tag's key, without its length (1 to 128 characters): letters, separators, digits
	 * and {@code _.:=+-@}, no separator at either end, no {@code _sys_} prefix. The
	 * contract's pattern with its {@code \s} written as {@code \p{Z}}: the white space
	 * among these characters is the separators, and Java reads {@code \s} as ASCII white
	 * space only, where JSON Schema reads it as Unicode's.
	 */
	public static final String TAG_KEY = "((?!\\p{Z})(?!_sys_)[\\p{L}\\p{Z}\\p{N}_.:=+\\-@]*)(?<!\\p{Z})";

	/** A tag's value, without its length (0 to 255 characters). */
	public static final String TAG_VALUE = "([\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*)";

	/**
	 * A number given as a string of 1 to 4 decimal digits: {@code limit} and
	 * {@code offset} of ListResourceInstances as the SDK sends them.
	 */
	public static final String DIGITS = "[0-9]{1,4}";

	/** Text that PostgreSQL can store: anything but NUL. */
	public static final String STORABLE_TEXT = "[^\\x00]*";

	private ApiPatterns() {
	}

}
