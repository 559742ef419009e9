package io.secretstage.accesskey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The form of access keys: how their ids and secret keys are made, and the context a
 * secret key is sealed in.
 */
final class AccessKeys {

	/** An access key id: 20 upper-case letters and digits. */
	static final String ID_PATTERN = "[A-Z0-9]{20}";

	private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final SecureRandom random = new SecureRandom();

	private AccessKeys() {
	}

	/**
	 * A new access key id.
	 * @return 20 random upper-case letters and digits
	 */
	static String newId() {
		return randomString(ID_ALPHABET, 20);
	}

	/**
	 * A new secret key: 40 letters and digits.
	 * @return 40 random letters and digits
	 */
	static String newSecret() {
		return randomString(SECRET_ALPHABET, 40);
	}

	/**
	 * The associated data a secret key is sealed with: it opens only as the secret key of
	 * that access key.
	 * @param accessKey the access key id
	 * @return the associated data, in UTF-8
	 */
	static byte[] sealContext(String accessKey) {
		return ("access_key/" + accessKey).getBytes(StandardCharsets.UTF_8);
	}

	private static String randomString(String alphabet, int length) {
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
		}
		return new String(chars);
	}

}
