package io.secretstage.observability;

/**
 * How what a caller sends appears in logs: identifiers that are half a credential masked,
 * long paths cut short.
 */
public final class LogMasks {

	private static final String CREDENTIALS_PATH = "/v3.0/OS-CREDENTIAL/credentials/";

	/** The longest path logged whole: a real one is under 200 characters. */
	static final int MAX_PATH = 512;

	private LogMasks() {
	}

	/**
	 * An access key id as logs may show it: its first and last four characters.
	 * @param accessKey the access key id, as a caller sent it
	 * @return the masked id, such as {@code AKTE****0001}
	 */
	public static String accessKey(String accessKey) {
		return (accessKey.length() < 12) ? "****"
				: accessKey.substring(0, 4) + "****" + accessKey.substring(accessKey.length() - 4);
	}

	/**
	 * A request path as the access log shows it: an access key id in it masked, and a
	 * path over {@value #MAX_PATH} characters cut there, with its length.
	 * @param path the request's path
	 * @return the path to log
	 */
	static String path(String path) {
		if (path.startsWith(CREDENTIALS_PATH)) {
			return CREDENTIALS_PATH + accessKey(path.substring(CREDENTIALS_PATH.length()));
		}
		if (path.length() > MAX_PATH) {
			return path.substring(0, MAX_PATH) + "...(" + path.length() + " characters)";
		}
		return path;
	}

}
