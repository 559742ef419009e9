package io.secretstage.identity;

import org.jspecify.annotations.Nullable;

/**
 * Credentials the service gives itself (to warm up before it reports ready). They are
 * taken before the callers' tokens, and their requests are served as any caller's but
 * left out of the access log and the request metrics.
 */
public interface OwnCredentials {

	/** None at all. */
	OwnCredentials NONE = new OwnCredentials() {

		@Override
		public @Nullable CallerIdentity verify(String token) {
			return null;
		}

		@Override
		public boolean isOwn(CallerIdentity caller) {
			return false;
		}

	};

	/**
	 * The service itself, if the token is one it gave itself and holds now.
	 * @param token a token a request carries
	 * @return the service's identity, or {@code null} for any other token
	 */
	@Nullable CallerIdentity verify(String token);

	/**
	 * Whether a verified caller is the service itself, with credentials it holds now.
	 * @param caller a verified caller
	 * @return {@code true} for the service's own requests
	 */
	boolean isOwn(CallerIdentity caller);

}
