package io.secretstage.secret;

/**
 * The patterns of the contract's names and ids, for request validation.
 */
final class ApiPatterns {

	static final String PROJECT_ID = "[A-Za-z0-9_-]{32,64}";

	static final String NAME = "[a-zA-Z0-9_-]{1,64}";

	static final String VERSION_ID = "v[0-9]{1,10}";

	/** Text that PostgreSQL can store: anything but NUL. */
	static final String STORABLE_TEXT = "[^\\x00]*";

	private ApiPatterns() {
	}

}
