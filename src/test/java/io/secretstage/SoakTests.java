package io.secretstage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.client.RestClientException;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded soak of the whole service: mixed valid and invalid requests on many
 * connections at once for a fixed time, every answer checked against what it must be,
 * then no growth of the heap or of the live threads. Make it longer with
 * {@code -Dsoak.seconds=600} and wider with {@code -Dsoak.connections=64}.
 */
@ApiTest
@Tag("soak")
class SoakTests {

	private static final Duration DURATION = Duration.ofSeconds(Long.getLong("soak.seconds", 15));

	private static final int CONNECTIONS = Integer.getInteger("soak.connections", 32);

	/** Long enough that the JIT, the pools and the caches reach their steady state. */
	private static final Duration WARM_UP = Duration.ofSeconds(3);

	/**
	 * What the used heap may grow by. A leak grows with the requests, a bounded structure
	 * (the stage cache, the connection pools, Tomcat's processors with their 96 KB header
	 * buffers, the meters, Hibernate's statistics) does not, and those have filled during
	 * the warm-up, which has the same mix and width. Between two measurements each right
	 * after {@link System#gc()} the rest is noise, +0.1 to +0.3 MB measured. 8 MB is far
	 * above that, yet a leak of 1 KB a request passes it within about 8,000 requests, a
	 * default run on a quiet machine; a longer run ({@code -Dsoak.seconds}) sees smaller
	 * leaks.
	 */
	private static final long HEAP_TOLERANCE = 8L * 1024 * 1024;

	/**
	 * The used heap has settled once a full collection lowers the least measured so far
	 * by less than this, about the noise between two measurements.
	 */
	private static final long HEAP_SETTLED = 256L * 1024;

	/**
	 * How many more live platform threads there may be after the soak. A thread kept per
	 * connection would show as {@link #CONNECTIONS} more; the slack is for the virtual
	 * threads' scheduler, which may add carrier threads while virtual threads block and
	 * retires them only after a while. Virtual threads are not counted by
	 * {@link ThreadMXBean}: requests stuck on them show in the active requests instead.
	 */
	private static final int THREAD_TOLERANCE = 8;

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@Test
	void mixedTrafficOnManyConnectionsThenEveryAnswerAsExpectedAndNoGrowth() throws Exception {
		List<Call> calls = calls();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Tally tally;
		long heapBefore;
		long heapAfter;
		int threadsBefore;
		int threadsAfter;
		// The client's own threads are virtual, except its one selector thread, which is
		// alive at both measurements.
		try (ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor();
				HttpClient http = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.executor(clientThreads)
					.connectTimeout(Duration.ofSeconds(5))
					.build()) {
			RestTestClient client = ApiClient.bindTo(this.port, http, Duration.ofSeconds(10));
			Tally warmUp = run(client, calls, WARM_UP);
			assertThat(warmUp.mismatches).as("answers other than expected in the warm-up").isEmpty();
			heapBefore = usedHeapAfterGc(memory);
			threadsBefore = threads.getThreadCount();
			tally = run(client, calls, DURATION);
			threadsAfter = settledThreadCount(threads, threadsBefore + THREAD_TOLERANCE);
			heapAfter = usedHeapAfterGc(memory);
		}
		long active = activeRequests();
		print(tally, heapBefore, heapAfter, threadsBefore, threadsAfter, active);

		assertThat(tally.mismatchCount.sum()).as("answers other than expected, first ones: %s", tally.mismatches)
			.isZero();
		assertThat(tally.byAnswer.keySet()).as("5xx answers").noneMatch((answer) -> answer.startsWith("5"));
		assertThat(tally.total()).as("requests made").isGreaterThan(CONNECTIONS * 10L);
		assertThat(active).as("requests still being served").isZero();
		assertThat(heapAfter - heapBefore).as("growth of the used heap, in bytes").isLessThan(HEAP_TOLERANCE);
		assertThat(threadsAfter).as("live platform threads, %d before", threadsBefore)
			.isLessThanOrEqualTo(threadsBefore + THREAD_TOLERANCE);
	}

	/**
	 * The requests of the soak with their weights: mostly reads of stages that exist,
	 * then what callers get wrong, and a few writes, which move a stage of a secret of
	 * their own so that every read knows its answer.
	 */
	private List<Call> calls() {
		String name = "soak-" + UUID.randomUUID();
		String written = name + "-w";
		SecretFixtures fixtures = new SecretFixtures(this.jdbc);
		Instant created = Instant.parse("2022-01-02T03:04:05Z");
		fixtures.createSecret(PROJECT_A, name, 3, Map.of("SYSCURRENT", "v3", "SYSPREVIOUS", "v2", "pinned", "v1"),
				created);
		fixtures.createSecret(PROJECT_A, written, 3, Map.of("SYSCURRENT", "v3", "moving", "v1"), created);
		String secrets = "/v1/" + PROJECT_A + "/secrets/";
		String stages = secrets + name + "/stages/";
		String writes = secrets + written + "/stages/";
		List<Call> calls = new ArrayList<>();
		calls.add(Call.ok(30, "GET", stages + "SYSCURRENT", TOKEN_A, null, "v3"));
		calls.add(Call.ok(8, "GET", stages + "SYSPREVIOUS", TOKEN_A, null, "v2"));
		calls.add(Call.ok(8, "GET", stages + "pinned", TestTokens.READ_ONLY_TOKEN_A, null, "v1"));
		calls.add(Call.error(6, "GET", stages + "missing", TOKEN_A, null, 404, "CSMS.0005"));
		// A few names only: the stage cache also remembers missing secrets.
		for (int i = 0; i < 6; i++) {
			calls.add(Call.error(1, "GET", secrets + "soak-missing-" + i + "/stages/SYSCURRENT", TOKEN_A, null, 404,
					"CSMS.0106"));
		}
		calls.add(Call.error(6, "GET", stages + "SYSCURRENT", "unknown-token-0123456789abcdef0123456789", null, 401,
				"APIGW.0301"));
		calls.add(Call.error(5, "GET", stages + "SYSCURRENT", null, null, 401, "APIGW.0301"));
		calls.add(Call.error(3, "GET", stages + "SYSCURRENT", TestTokens.EXPIRED_TOKEN_A, null, 401, "APIGW.0307"));
		calls.add(Call.error(4, "GET", stages + "SYSCURRENT", TestTokens.TOKEN_B, null, 403, "CSMS.0302"));
		calls.add(Call.error(5, "GET", stages + "bad.name", TOKEN_A, null, 400, "CSMS.0002"));
		calls.add(
				Call.error(3, "GET", secrets + "x".repeat(65) + "/stages/SYSCURRENT", TOKEN_A, null, 400, "CSMS.0002"));
		calls.add(Call.error(3, "GET", secrets + "a%2Fb/stages/SYSCURRENT", TOKEN_A, null, 400, "CSMS.0003"));
		calls.add(Call.error(3, "PATCH", stages + "SYSCURRENT", TOKEN_A, null, 405, "CSMS.0003"));
		calls.add(Call.error(2, "POST", stages + "SYSCURRENT", TOKEN_A, "{}", 405, "CSMS.0003"));
		calls.add(Call.error(2, "GET", "/v1/" + PROJECT_A + "/nothing", TOKEN_A, null, 404, "APIGW.0101"));
		for (int version = 1; version <= 3; version++) {
			calls.add(Call.ok(1, "PUT", writes + "moving", TOKEN_A, "{\"version_id\":\"v" + version + "\"}",
					"v" + version));
		}
		calls.add(Call.error(1, "PUT", writes + "moving", TOKEN_A, "{\"version_id\":", 400, "CSMS.0004"));
		calls.add(Call.error(1, "PUT", writes + "moving", TestTokens.READ_ONLY_TOKEN_A, "{\"version_id\":\"v1\"}", 403,
				"CSMS.0302"));
		calls.add(Call.error(1, "DELETE", writes + "SYSCURRENT", TOKEN_A, null, 400, "CSMS.0105"));
		return calls;
	}

	/** Send weighted random calls from {@link #CONNECTIONS} callers at once. */
	private Tally run(RestTestClient client, List<Call> calls, Duration duration) throws Exception {
		int totalWeight = calls.stream().mapToInt(Call::weight).sum();
		long deadline = System.nanoTime() + duration.toNanos();
		Tally tally = new Tally();
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < CONNECTIONS; i++) {
				running.add(callers.submit(() -> {
					while (System.nanoTime() < deadline) {
						call(client, pick(calls, totalWeight), tally);
					}
					return null;
				}));
			}
			for (Future<?> caller : running) {
				caller.get();
			}
		}
		return tally;
	}

	private void call(RestTestClient client, Call call, Tally tally) {
		// The path as it goes on the wire: a template would encode its escapes again.
		RestTestClient.RequestBodySpec request = client.method(HttpMethod.valueOf(call.method()))
			.uri(URI.create(call.path()));
		if (call.token() != null) {
			request.header("X-Auth-Token", call.token());
		}
		if (call.body() != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(call.body());
		}
		try {
			EntityExchangeResult<String> response = request.exchange().expectBody(String.class).returnResult();
			String answer = answer(response);
			tally.count(answer);
			if (!answer.equals(call.expected())
					|| !"application/json;charset=UTF-8".equals(response.getResponseHeaders().getFirst("Content-Type"))
					|| (call.versionId() != null && !call.versionId().equals(versionId(response.getResponseBody())))) {
				tally.mismatch(call + " answered " + response.getStatus().value() + " " + response.getResponseHeaders()
						+ " " + response.getResponseBody());
			}
		}
		catch (RestClientException ex) {
			tally.count("no answer");
			tally.mismatch(call + " failed: " + ex);
		}
	}

	/** The status, and the error code when there is one. */
	private static String answer(EntityExchangeResult<String> response) {
		int status = response.getStatus().value();
		if (status < 400) {
			return String.valueOf(status);
		}
		try {
			JsonNode code = JsonMapper.shared().readTree(response.getResponseBody()).get("error_code");
			return status + " " + ((code != null) ? code.asString() : "(no error_code)");
		}
		catch (RuntimeException ex) {
			return status + " (not JSON)";
		}
	}

	private static @Nullable String versionId(String body) {
		JsonNode stage = JsonMapper.shared().readTree(body).get("stage");
		return (stage != null && stage.get("version_id") != null) ? stage.get("version_id").asString() : null;
	}

	private static Call pick(List<Call> calls, int totalWeight) {
		int at = ThreadLocalRandom.current().nextInt(totalWeight);
		for (Call call : calls) {
			at -= call.weight();
			if (at < 0) {
				return call;
			}
		}
		throw new IllegalStateException();
	}

	/**
	 * The least used heap right after a full collection, once collections stop lowering
	 * it (what one frees may let cleaners release more for the next), or the least of
	 * those within 10 seconds.
	 */
	private static long usedHeapAfterGc(MemoryMXBean memory) {
		AtomicLong least = new AtomicLong(Long.MAX_VALUE);
		try {
			await().atMost(Duration.ofSeconds(10))
				.pollInSameThread()
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> {
					System.gc();
					long used = memory.getHeapMemoryUsage().getUsed();
					return least.getAndAccumulate(used, Math::min) - used < HEAP_SETTLED;
				});
		}
		catch (ConditionTimeoutException ex) {
			// Still lowering: the least so far, as measured.
		}
		return least.get();
	}

	/**
	 * The live thread count, once it is down to the bound or after 10 seconds. Polled on
	 * this thread, so that no thread of the wait's own is counted.
	 */
	private static int settledThreadCount(ThreadMXBean threads, int bound) {
		try {
			await().atMost(Duration.ofSeconds(10))
				.pollInSameThread()
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> threads.getThreadCount() <= bound);
		}
		catch (ConditionTimeoutException ex) {
			// Reported and asserted on by the caller.
		}
		return threads.getThreadCount();
	}

	/** Requests the service is still serving, as its own metrics count them. */
	private long activeRequests() {
		return (long) this.meters.get("http.server.requests.active")
			.longTaskTimers()
			.stream()
			.mapToInt(LongTaskTimer::activeTasks)
			.sum();
	}

	private static void print(Tally tally, long heapBefore, long heapAfter, int threadsBefore, int threadsAfter,
			long active) {
		StringBuilder report = new StringBuilder(String.format("%nSoak: %d requests in %d s on %d connections (%d/s)%n",
				tally.total(), DURATION.toSeconds(), CONNECTIONS, tally.total() / Math.max(1, DURATION.toSeconds())));
		new TreeMap<>(tally.byAnswer)
			.forEach((answer, count) -> report.append(String.format("  %-16s %8d%n", answer, count.sum())));
		report.append(String.format("  unexpected       %8d%n", tally.mismatchCount.sum()));
		report
			.append(String.format("Heap used after GC: %.1f MB before, %.1f MB after (%+.1f MB, %+d bytes a request)%n",
					heapBefore / 1048576.0, heapAfter / 1048576.0, (heapAfter - heapBefore) / 1048576.0,
					(heapAfter - heapBefore) / Math.max(1, tally.total())));
		report.append(String.format("Live platform threads: %d before, %d after; requests still active: %d%n",
				threadsBefore, threadsAfter, active));
		tally.mismatches.forEach((mismatch) -> report.append("  ").append(mismatch).append('\n'));
		System.out.println(report);
	}

	/**
	 * A request of the soak and what it must answer.
	 *
	 * @param weight how often it comes, relative to the others
	 * @param method the method
	 * @param path the path
	 * @param token the {@code X-Auth-Token}, or {@code null} for none
	 * @param body the JSON body, or {@code null} for none
	 * @param expected the status, and the error code of an error
	 * @param versionId the version a successful answer names
	 */
	private record Call(int weight, String method, String path, @Nullable String token, @Nullable String body,
			String expected, @Nullable String versionId) {

		static Call ok(int weight, String method, String path, String token, @Nullable String body, String versionId) {
			return new Call(weight, method, path, token, body, "200", versionId);
		}

		static Call error(int weight, String method, String path, @Nullable String token, @Nullable String body,
				int status, String errorCode) {
			return new Call(weight, method, path, token, body, status + " " + errorCode, null);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path + " (token " + ((this.token != null) ? "given" : "none") + ")";
		}

	}

	/** The answers counted by status and error code, and the unexpected ones. */
	private static final class Tally {

		static final int EXAMPLES = 10;

		final Map<String, LongAdder> byAnswer = new ConcurrentHashMap<>();

		final LongAdder mismatchCount = new LongAdder();

		/** The first few unexpected answers. */
		final ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();

		void count(String answer) {
			this.byAnswer.computeIfAbsent(answer, (key) -> new LongAdder()).increment();
		}

		void mismatch(String description) {
			this.mismatchCount.increment();
			if (this.mismatches.size() < EXAMPLES) {
				this.mismatches.add(description);
			}
		}

		long total() {
			return this.byAnswer.values().stream().mapToLong(LongAdder::sum).sum();
		}

	}

}
