package io.secretstage.identity;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Turns a request signed with an access key ({@code SDK-HMAC-SHA256}) into the identity
 * the key stands for.
 */
public interface SignatureVerifier {

	/**
	 * Verify a signed request.
	 * @param request the request, its {@code Authorization} header naming
	 * {@code SDK-HMAC-SHA256}
	 * @param body the request's body, as received
	 * @return the identity of the key's user, in the key's project and roles
	 * @throws CredentialsRefusedException 401 if the signature, its key or its date
	 * fails, with a message that says which
	 */
	CallerIdentity verify(HttpServletRequest request, byte[] body);

}
