package io.secretstage.accesskey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import com.huaweicloud.sdk.csms.v1.CsmsClient;
import io.secretstage.ApiClient;
import io.secretstage.ApiClient.Reply;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An access key made through the service's API for a test, and Huawei's own CSMS client
 * signing with it, as a user would set it up: only the endpoint is the service's.
 *
 * @param access the access key id
 * @param secret the secret key
 * @param projectId the project the key acts in
 */
public record TestAccessKey(String access, String secret, String projectId) {

	static final String CREDENTIALS = "/v3.0/OS-CREDENTIAL/credentials";

	/**
	 * Create a key for a token's user through the API.
	 * @param port the service's port
	 * @param token the user's token
	 * @param userId the user's id
	 * @param projectId the token's project
	 * @return the new key
	 */
	public static TestAccessKey create(int port, String token, String userId, String projectId) {
		JsonNode credential = new ApiClient(port)
			.post(CREDENTIALS, token, Map.of("credential", Map.of("user_id", userId, "description", "test")))
			.assertOk(201)
			.get("credential");
		return new TestAccessKey(credential.get("access").asString(), credential.get("secret").asString(), projectId);
	}

	BasicCredentials credentials() {
		return new BasicCredentials().withAk(this.access).withSk(this.secret).withProjectId(this.projectId);
	}

	/** The SDK's client for the service on a port, signing with this key. */
	public CsmsClient client(int port) {
		return client("http://127.0.0.1:" + port);
	}

	/**
	 * The SDK's client for the service at an endpoint (a proxy's, say), signing with this
	 * key.
	 */
	public CsmsClient client(String endpoint) {
		return CsmsClient.newBuilder()
			.withCredential(credentials())
			.withHttpConfig(httpConfig())
			.withEndpoints(List.of(endpoint))
			.build();
	}

	/**
	 * Sign a request with the SDK's own signer, as its clients do.
	 * @return the headers to send: the given ones and the signer's
	 */
	Map<String, String> sign(int port, HttpMethod method, String path, @Nullable String body,
			Map<String, String> headers) {
		return sign("http://127.0.0.1:" + port, method, path, body, headers);
	}

	/**
	 * Sign a request to an endpoint with the SDK's own signer.
	 * @return the headers to send: the given ones and the signer's
	 */
	Map<String, String> sign(String endpoint, HttpMethod method, String path, @Nullable String body,
			Map<String, String> headers) {
		HttpRequest.HttpRequestBuilder request = HttpRequest.newBuilder()
			.withMethod(method)
			.withEndpoint(endpoint)
			.withPath(path)
			.withContentType("application/json");
		headers.forEach(request::addHeader);
		if (body != null) {
			request.withBodyAsString(body);
		}
		Map<String, String> signed = new HashMap<>(headers);
		signed.putAll(AKSKSigner.getInstance().sign(request.build(), credentials()));
		return signed;
	}

	/**
	 * Send a request over real HTTP with exactly these headers (the client sets
	 * {@code Host} itself, to the value the SDK signs).
	 */
	static Reply send(int port, String method, String path, @Nullable String body, Map<String, String> headers) {
		Map<String, String> sent = new HashMap<>(headers);
		sent.keySet().removeIf((name) -> name.equalsIgnoreCase("Host"));
		return new ApiClient(port).send(org.springframework.http.HttpMethod.valueOf(method), path, sent, body);
	}

	static HttpConfig httpConfig() {
		return HttpConfig.getDefaultHttpConfig().withConnectionTimeout(5).withReadTimeout(10);
	}

	@Override
	public String toString() {
		return "TestAccessKey[access=" + this.access + "]";
	}

}
