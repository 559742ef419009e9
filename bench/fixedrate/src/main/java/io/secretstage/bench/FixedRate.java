package io.secretstage.bench;

import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;

import io.hyperfoil.api.config.Benchmark;
import io.hyperfoil.api.config.BenchmarkBuilder;
import io.hyperfoil.api.config.PhaseBuilder;
import io.hyperfoil.api.statistics.StatisticsSnapshot;
import io.hyperfoil.core.impl.LocalSimulationRunner;
import io.hyperfoil.http.api.HttpMethod;
import io.hyperfoil.http.config.HttpPluginBuilder;
import io.hyperfoil.http.steps.HttpStepCatalog;

/**
 * ShowSecretStage at a fixed rate, for {@code bench/run.sh}: {@code FixedRate URL RATE SECONDS
 * SECRETS PROJECT TOKEN}. Each request, a random secret of the data set and one of its three
 * stages, is sent when it is due, on one of many connections, whether or not earlier ones were
 * answered (Hyperfoil's open model). The first 10 s at that rate are not recorded: they warm the
 * generator's own JIT and connections, which otherwise stalled its first seconds and put those
 * stalls in the app's p99. Prints one line: requests, responses, errors, invalid
 * answers, p50, p99, p99.9 and max in ms, and the time requests waited for a free connection (when it is not zero
 * the rate was more than the connections could carry, and the figures understate the latency).
 */
public final class FixedRate {

	private static final String[] STAGES = { "SYSCURRENT", "SYSPREVIOUS", "bench-stage" };

	private static final String WARMUP = "warm-up";

	private static final long WARMUP_MILLIS = 10_000;

	private static final String MEASURED = "measured";

	private FixedRate() {
	}

	private static double millis(StatisticsSnapshot statistics, double percentile) {
		return statistics.histogram.getValueAtPercentile(percentile) / 1e6;
	}

	private static void request(PhaseBuilder.ConstantRate phase, int rate, long millis, int secrets, String prefix,
			String token) {
		phase.variance(false)
			.maxSessions(rate * 2)
			.duration(millis)
			.maxDuration(millis + 10_000)
			.scenario()
			.initialSequence("request")
			.step(HttpStepCatalog.SC)
			.httpRequest(HttpMethod.GET)
			.path((session) -> prefix + (1 + ThreadLocalRandom.current().nextInt(secrets)) + "/stages/"
					+ STAGES[ThreadLocalRandom.current().nextInt(STAGES.length)])
			.headerAppender((session, request) -> request.putHeader("X-Auth-Token", token))
			.timeout("10s")
			.endStep()
			.endSequence()
			.endScenario();
	}

	public static void main(String[] args) {
		String url = args[0];
		int rate = Integer.parseInt(args[1]);
		long millis = Long.parseLong(args[2]) * 1000;
		int secrets = Integer.parseInt(args[3]);
		String prefix = "/v1/" + args[4] + "/secrets/secret-";
		String token = args[5];
		URI uri = URI.create(url);
		BenchmarkBuilder builder = BenchmarkBuilder.builder()
			.name("fixed-rate")
			.addPlugin(HttpPluginBuilder::new)
			.http()
			.host(uri.getHost())
			.port(uri.getPort())
			.sharedConnections(512)
			.endHttp()
			.endPlugin()
			.threads(1);
		// The generator's own JIT and connections warm up first, at the same rate, unrecorded:
		// what is measured is the app, not a generator still compiling its own code.
		request(builder.addPhase(WARMUP).constantRate(rate), rate, WARMUP_MILLIS, secrets, prefix, token);
		request(builder.addPhase(MEASURED).constantRate(rate).startAfter(WARMUP), rate, millis, secrets, prefix,
				token);
		Benchmark benchmark = builder.build();
		StatisticsSnapshot total = new StatisticsSnapshot();
		new LocalSimulationRunner(benchmark, (phase, stepId, metric, snapshot, countDown) -> {
			if (MEASURED.equals(phase.name())) {
				total.add(snapshot);
			}
		}, null, null).run();
		System.out.printf(
				"requests=%d responses=%d errors=%d invalid=%d p50=%.2f p99=%.2f p999=%.2f max=%.2f blocked_ms=%d%n",
				total.requestCount, total.responseCount, total.errors(), total.invalid, millis(total, 50),
				millis(total, 99), millis(total, 99.9), total.histogram.getMaxValue() / 1e6,
				total.blockedTime / 1_000_000);
	}

}
