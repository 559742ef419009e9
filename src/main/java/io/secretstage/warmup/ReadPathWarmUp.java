package io.secretstage.warmup;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.secretstage.stagecache.StageCacheFill;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;

/**
 * Reads one stage that exists, at least {@code csms.warm-up.requests} times, over the
 * service's own HTTP port on loopback, before the service reports ready: its first
 * callers then meet a request path the JIT has compiled, not one it is still compiling.
 * It goes on until the collector has run {@code csms.warm-up.collections} times after the
 * stage cache's first fill, so that the first collections after the start, which are slow
 * while they promote what the start built (the cache above all), come before the callers
 * (bench/RESULTS.md). It reads with credentials of its own ({@link WarmUpCredentials}),
 * scoped to that stage's project and revoked when it ends, and its requests are left out
 * of the access log and the request metrics. With nothing to read yet, or over TLS, there
 * is no warm-up; a request that fails ends it early, and the service starts all the same.
 */
final class ReadPathWarmUp implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(ReadPathWarmUp.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration FILL_TIMEOUT = Duration.ofMinutes(5);

	private final WarmUpProperties properties;

	private final AnyStage stages;

	private final WarmUpCredentials credentials;

	private final Environment environment;

	private final @Nullable StageCacheFill fill;

	ReadPathWarmUp(WarmUpProperties properties, AnyStage stages, WarmUpCredentials credentials, Environment environment,
			ObjectProvider<StageCacheFill> fill) {
		this.properties = properties;
		this.stages = stages;
		this.credentials = credentials;
		this.environment = environment;
		this.fill = fill.getIfAvailable();
	}

	@Override
	public void run(ApplicationArguments arguments) {
		String port = this.environment.getProperty("local.server.port");
		if (this.properties.requests() <= 0 || port == null
				|| this.environment.getProperty("server.ssl.enabled", Boolean.class, false)) {
			return;
		}
		Optional<AnyStage.StagePath> found;
		try {
			found = this.stages.find();
		}
		catch (DataAccessException ex) {
			logger.warn("No warm-up: no stage could be read ({})", ex.getMessage());
			return;
		}
		if (found.isEmpty()) {
			logger.info("No warm-up: there is no stage to read yet");
			return;
		}
		AnyStage.StagePath stage = found.get();
		try {
			// The collections that count are those after the fill, which made the cache.
			if (this.fill != null && !this.fill.awaitFirstFill(FILL_TIMEOUT)) {
				logger.info("The stage cache is still being filled; warming up all the same");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		URI uri = URI.create("http://127.0.0.1:" + port + "/v1/" + stage.projectId() + "/secrets/" + stage.secretName()
				+ "/stages/" + stage.stageName());
		WarmUpBudget budget = new WarmUpBudget(this.properties, ReadPathWarmUp::collections);
		AtomicInteger answered = new AtomicInteger();
		long start = System.nanoTime();
		try (HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(TIMEOUT)
			.build()) {
			HttpRequest request = HttpRequest.newBuilder(uri)
				.header("X-Auth-Token", this.credentials.issue(stage.projectId()))
				.timeout(TIMEOUT)
				.build();
			List<Future<Void>> connections = new ArrayList<>();
			try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < this.properties.connections(); i++) {
					connections.add(threads.submit(() -> read(client, request, budget, answered)));
				}
			}
			for (Future<Void> connection : connections) {
				connection.get();
			}
			logger.info("Warmed up the read path with {} requests and {} collections in {} ms", answered.get(),
					budget.collectionsSoFar(), (System.nanoTime() - start) / 1_000_000);
		}
		catch (ExecutionException ex) {
			logger.warn("The warm-up stopped after {} requests ({}); starting all the same", answered.get(),
					ex.getCause().getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.credentials.revoke();
		}
	}

	private static Void read(HttpClient client, HttpRequest request, WarmUpBudget budget, AtomicInteger answered)
			throws IOException, InterruptedException {
		while (budget.next()) {
			int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			if (status != 200) {
				budget.stop();
				throw new IOException("a read was answered " + status);
			}
			answered.incrementAndGet();
		}
		return null;
	}

	/**
	 * How many collections, of any kind, the JVM's collectors have run so far.
	 * @return the count
	 */
	private static long collections() {
		long count = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			count += Math.max(0, collector.getCollectionCount());
		}
		return count;
	}

}
