package io.secretstage;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import tools.jackson.databind.JsonNode;

/**
 * The signed requests of the benchmark ({@code bench/run.sh}): creates an access key
 * through the service's API with the benchmark's token, then signs N ShowSecretStage
 * requests over random secrets and stages with the SDK's own signer, as Huawei's CSMS
 * client would send them, and writes one a line (path, then each header as
 * {@code name: value}, tab-separated) for {@code bench/signed.lua}. The signatures are
 * good for the 15 minutes that {@code X-Sdk-Date} allows.
 */
public final class BenchSignedRequests {

	private static final String[] STAGES = { "SYSCURRENT", "SYSPREVIOUS", "bench-stage" };

	private BenchSignedRequests() {
	}

	/**
	 * Arguments: the service's port, the benchmark's token, its user id, the number of
	 * secrets, the number of requests to sign, the output file.
	 */
	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		String token = args[1];
		String userId = args[2];
		int secrets = Integer.parseInt(args[3]);
		int requests = Integer.parseInt(args[4]);
		JsonNode credential = new ApiClient(port)
			.post("/v3.0/OS-CREDENTIAL/credentials", token,
					Map.of("credential", Map.of("user_id", userId, "description", "benchmark")))
			.assertOk(201)
			.get("credential");
		BasicCredentials key = new BasicCredentials().withAk(credential.get("access").asString())
			.withSk(credential.get("secret").asString())
			.withProjectId(BenchDatabase.PROJECT);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[5])))) {
			for (int i = 0; i < requests; i++) {
				String path = "/v1/" + BenchDatabase.PROJECT + "/secrets/secret-" + (random.nextInt(secrets) + 1)
						+ "/stages/" + STAGES[random.nextInt(STAGES.length)];
				HttpRequest request = HttpRequest.newBuilder()
					.withMethod(HttpMethod.GET)
					.withEndpoint("http://127.0.0.1:" + port)
					.withPath(path)
					.withContentType("application/json")
					.addHeader("User-Agent", "huaweicloud-usdk-java/3.0")
					.addHeader("X-Project-Id", BenchDatabase.PROJECT)
					.build();
				StringBuilder line = new StringBuilder(path)
					.append("\tUser-Agent: huaweicloud-usdk-java/3.0\tContent-Type: application/json\tX-Project-Id: ")
					.append(BenchDatabase.PROJECT);
				AKSKSigner.getInstance()
					.sign(request, key)
					.forEach((name, value) -> line.append('\t').append(name).append(": ").append(value));
				out.println(line);
			}
		}
	}

}
