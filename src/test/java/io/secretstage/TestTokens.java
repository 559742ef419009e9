package io.secretstage;

/**
 * The tokens that {@link ApiTest} configures, the projects they are scoped to, and the
 * master key of the tests. The configuration holds only the tokens' SHA-256 digests, as a
 * deployment would.
 */
public final class TestTokens {

	/** The project most tests read from. */
	public static final String PROJECT_A = "0123456789abcdef0123456789abcdef";

	/** Another project. */
	public static final String PROJECT_B = "fedcba9876543210fedcba9876543210";

	/** Scoped to {@link #PROJECT_A}, with the {@code csms-writer} role. */
	public static final String TOKEN_A = "test-token-project-a-0123456789abcdef0123456789";

	/** Scoped to {@link #PROJECT_B}, with the {@code csms-writer} role. */
	public static final String TOKEN_B = "test-token-project-b-0123456789abcdef0123456789";

	/**
	 * Scoped to {@link #PROJECT_A} without the {@code csms-writer} role that writes need.
	 */
	public static final String READ_ONLY_TOKEN_A = "test-token-read-only-a-0123456789abcdef01234567";

	/** Scoped to {@link #PROJECT_A}, expired in 2020. */
	public static final String EXPIRED_TOKEN_A = "test-token-expired-0123456789abcdef0123456789ab";

	/** A 20 KB token scoped to {@link #PROJECT_A}, the size of a large PKI token. */
	public static final String TOKEN_A_20_KB = "M".repeat(20 * 1024);

	/**
	 * A 64 KB token scoped to {@link #PROJECT_A}, the largest the service promises to
	 * take.
	 */
	public static final String TOKEN_A_64_KB = "L".repeat(64 * 1024);

	/** The id of the master key the tests seal values with. */
	public static final String MASTER_KEY_ID = "test-key-1";

	/** The master key the tests seal values with: base64 of 32 random bytes. */
	public static final String MASTER_KEY = "9pXoKqyBglx+P+EAzxnHqQqUjdf5BvjIFPlHSnmtYrA=";

	/** A second master key the service holds, which UpdateSecret may choose. */
	public static final String SECOND_MASTER_KEY_ID = "test-key-2";

	/** The second master key: base64 of 32 random bytes. */
	public static final String SECOND_MASTER_KEY = "q0m3ZC0eJ6Wk0vV7nE2yP8sLr5tXb1uHa9gFd4iKc2o=";

	private TestTokens() {
	}

}
