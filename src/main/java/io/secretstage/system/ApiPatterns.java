package io.secretstage.system;

/**
 * The patterns of the contract's names and ids, for request validation.
 */
public final class ApiPatterns {

	public static final String PROJECT_ID = "[A-Za-z0-9_-]{32,64}";

	public static final String NAME = "[a-zA-Z0-9_-]{1,64}";

	public static final String VERSION_ID = "v[0-9]{1,10}";

	/** Text that PostgreSQL can store: anything but NUL. */
	public static final String STORABLE_TEXT = "[^\\x00]*";

	private ApiPatterns() {
	}

}
