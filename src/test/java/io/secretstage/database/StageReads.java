package io.secretstage.database;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import io.secretstage.ApiClient;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.secretstage.TestTokens.TOKEN_A;

/**
 * The read load of the database drills: clients that each read the current stage of a few
 * secrets in turn, until stopped, and keep every outcome.
 */
final class StageReads {

	private final RestTestClient client;

	private final int clientCount;

	private final int secrets;

	private final IntFunction<String> secretPath;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());

	private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

	/**
	 * Create the load.
	 * @param port the service's port
	 * @param clients how many clients read at once
	 * @param secrets how many secrets they read
	 * @param secretPath the path of the secret of each number, from 0
	 */
	StageReads(int port, int clients, int secrets, IntFunction<String> secretPath) {
		this.client = ApiClient.bindTo(port,
				HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(5))
					.build(),
				Duration.ofSeconds(10));
		this.clientCount = clients;
		this.secrets = secrets;
		this.secretPath = secretPath;
	}

	void start() {
		for (int client = 0; client < this.clientCount; client++) {
			int first = client;
			this.clients.submit(() -> {
				for (int n = first; this.running.get(); n++) {
					this.outcomes.add(read(n % this.secrets));
				}
			});
		}
	}

	int count() {
		return this.outcomes.size();
	}

	int countAt(long time) {
		synchronized (this.outcomes) {
			return (int) this.outcomes.stream().filter((outcome) -> outcome.start() < time).count();
		}
	}

	boolean failedSince(long time) {
		synchronized (this.outcomes) {
			return this.outcomes.stream().anyMatch((outcome) -> outcome.start() > time && outcome.status() == 500);
		}
	}

	List<Outcome> stop() {
		this.running.set(false);
		this.clients.close();
		return List.copyOf(this.outcomes);
	}

	private Outcome read(int secret) {
		long start = System.nanoTime();
		try {
			EntityExchangeResult<String> response = this.client.get()
				.uri(this.secretPath.apply(secret) + "/stages/SYSCURRENT")
				.header("X-Auth-Token", TOKEN_A)
				.exchange()
				.expectBody(String.class)
				.returnResult();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			JsonNode body = JsonMapper.shared().readTree(response.getResponseBody());
			int status = response.getStatus().value();
			String answer = (status == 200) ? body.get("stage").get("version_id").asString()
					: body.get("error_code").asString();
			return new Outcome(secret, start, took, status, answer, null);
		}
		catch (Exception ex) {
			return new Outcome(secret, start, Duration.ofNanos(System.nanoTime() - start), 0, null, ex.toString());
		}
	}

	/**
	 * One request of the load: when it started, how long it took, its status and its
	 * answer (the version for a 200, else the error code), or the failure of the client.
	 *
	 * @param secret the secret's number
	 * @param start when it started, by {@link System#nanoTime()}
	 * @param took how long it took
	 * @param status the answer's status, 0 if there was none
	 * @param answer the version or error code answered
	 * @param failure the client's failure, if any
	 */
	record Outcome(int secret, long start, Duration took, int status, @Nullable String answer,
			@Nullable String failure) {

	}

}
