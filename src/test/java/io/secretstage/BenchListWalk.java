package io.secretstage;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client of the ListSecrets benchmark ({@code bench/list.sh}): walks a project's
 * secrets with ListSecrets from the first page to the last, following
 * {@code next_marker}, on a few concurrent walkers over the JDK's HTTP client, so that
 * the figure is the service's throughput rather than one client's latency. Each walker
 * walks once unmeasured (the warm-up), then, once all have, walks the given number of
 * times measured, each walker a part of a walk ahead of the one before (so that a stall
 * of the machine does not fall on the same page of every walk); one done early walks on
 * unmeasured until the last is done, so the load stays the same to the end. Every walk
 * that reaches the last page, the warm-up's too, must have seen exactly the data set's
 * secrets, each once, in strictly increasing byte order, with consistent
 * {@code page_info}; otherwise it prints why and exits 1.
 * <p>
 * Prints the latency of each tenth of the pages by position, then one line for the
 * script: the requests answered while the measured walks ran, their seconds and
 * requests/s, the service's CPU time per page, and p50/p99 in ms over all the measured
 * pages and over the first 10%, the middle 10% and the last 10% of each walk's pages,
 * with the ratio of the last to the first, and the lowest and highest p50 and p99 of the
 * ten tenths.
 */
public final class BenchListWalk {

	private static final JsonMapper json = JsonMapper.shared();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String url;

	private final String token;

	private final int secrets;

	private final int limit;

	/** The first walk that failed: the others stop at their next page. */
	private final AtomicReference<@Nullable Exception> failure = new AtomicReference<>();

	private BenchListWalk(int port, String token, String project, int secrets, int limit) {
		this.url = "http://127.0.0.1:" + port + "/v1/" + project + "/secrets?limit=" + limit;
		this.token = token;
		this.secrets = secrets;
		this.limit = limit;
	}

	/**
	 * Arguments: the service's port, the benchmark's token, the project, the number of
	 * secrets in it, the measured walks of each walker, the number of walkers, the page
	 * size, and optionally the service's process id (for its CPU time, read from
	 * {@code /proc}).
	 * @param args the arguments
	 * @throws Exception if a walk fails or is interrupted
	 */
	public static void main(String[] args) throws Exception {
		BenchListWalk bench = new BenchListWalk(Integer.parseInt(args[0]), args[1], args[2], Integer.parseInt(args[3]),
				Integer.parseInt(args[6]));
		int walks = Integer.parseInt(args[4]);
		int walkers = Integer.parseInt(args[5]);
		@Nullable Path stat = (args.length > 7) ? Path.of("/proc", args[7], "stat") : null;
		try (ExecutorService pool = Executors.newFixedThreadPool(walkers)) {
			bench.run(pool, walkers, 1);
			long cpuBefore = cpuTicks(stat);
			Run measured = bench.run(pool, walkers, walks);
			long cpuTicks = cpuTicks(stat) - cpuBefore;
			bench.report(measured, cpuTicks, stat != null);
		}
		catch (ExecutionException ex) {
			System.err.println("ListSecrets walk FAILED: " + bench.failure.get());
			System.exit(1);
		}
	}

	/**
	 * Walk on each walker {@code walks} times, all at once. A walker done with its walks
	 * walks on, unmeasured, until the last is done: every measured page is served under
	 * the same load, the last pages of the last walks too.
	 * @return the walks and how many requests were answered how fast
	 */
	private Run run(ExecutorService pool, int walkers, int walks) throws InterruptedException, ExecutionException {
		AtomicInteger measuring = new AtomicInteger(walkers);
		AtomicLong requests = new AtomicLong();
		AtomicLong end = new AtomicLong();
		List<Callable<List<long[]>>> tasks = new ArrayList<>();
		for (int walker = 0; walker < walkers; walker++) {
			String who = "walker " + walker;
			// Each walker starts this much of a walk ahead of the one before, unmeasured:
			// they stay about that far apart, so a stall of the machine falls on pages
			// at different positions rather than on the same page of every walk.
			int lead = (this.secrets / this.limit) * walker / walkers;
			tasks.add(() -> {
				List<long[]> done = new ArrayList<>();
				try {
					try {
						walk(who + ", leading", measuring, requests, false, lead);
						for (int walk = 0; walk < walks; walk++) {
							done.add(walk(who + ", walk " + walk, measuring, requests, false, Integer.MAX_VALUE));
						}
					}
					finally {
						if (measuring.decrementAndGet() == 0) {
							end.set(System.nanoTime());
						}
					}
					while (measuring.get() > 0) {
						walk(who + ", filling in", measuring, requests, true, Integer.MAX_VALUE);
					}
					return done;
				}
				catch (Exception ex) {
					this.failure.compareAndSet(null, ex);
					throw ex;
				}
			});
		}
		long start = System.nanoTime();
		List<long[]> all = new ArrayList<>();
		for (Future<List<long[]>> future : pool.invokeAll(tasks)) {
			all.addAll(future.get());
		}
		return new Run(all, requests.get(), (end.get() - start) / 1e9);
	}

	/**
	 * One walk from the first page to the last, or as many pages as asked, checked as it
	 * goes.
	 * @param who the walker and walk, for the failure's message
	 * @param measuring how many walkers are still on their measured walks
	 * @param requests the requests answered while any is, counted
	 * @param filling whether to stop when none is
	 * @param pages how many pages to walk at most
	 * @return each page's latency in nanoseconds, from sending its request to its body's
	 * last byte
	 */
	private long[] walk(String who, AtomicInteger measuring, AtomicLong requests, boolean filling, int pages)
			throws IOException, InterruptedException {
		// Without a bound a marker that never advances would walk forever.
		int maxPages = this.secrets / this.limit + 2;
		long[] nanos = new long[maxPages];
		int walked = 0;
		int seen = 0;
		@Nullable String last = null;
		@Nullable String marker = null;
		while (true) {
			if ((filling && measuring.get() == 0) || walked == pages) {
				return Arrays.copyOf(nanos, walked);
			}
			if (this.failure.get() != null) {
				throw new IllegalStateException(who + ": stopped, another walk failed");
			}
			if (walked == maxPages) {
				throw new IllegalStateException(who + ": more than " + maxPages + " pages");
			}
			String where = who + ", page " + (walked + 1) + " (marker " + marker + ")";
			URI uri = URI.create((marker != null)
					? this.url + "&marker=" + URLEncoder.encode(marker, StandardCharsets.UTF_8) : this.url);
			HttpRequest request = HttpRequest.newBuilder(uri)
				.header("X-Auth-Token", this.token)
				.timeout(Duration.ofSeconds(30))
				.GET()
				.build();
			long start = System.nanoTime();
			HttpResponse<byte[]> response = this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
			nanos[walked++] = System.nanoTime() - start;
			if (measuring.get() > 0) {
				requests.incrementAndGet();
			}
			if (response.statusCode() != 200) {
				throw new IllegalStateException(where + ": status " + response.statusCode() + ", "
						+ new String(response.body(), StandardCharsets.UTF_8));
			}
			JsonNode body = json.readTree(response.body());
			JsonNode page = body.path("secrets");
			JsonNode info = body.path("page_info");
			check(page.isArray() && info.path("current_count").asInt(-1) == page.size(), where,
					"current_count is not the page's size");
			check(page.size() <= this.limit, where, "more than " + this.limit + " secrets");
			for (JsonNode secret : page) {
				String name = secret.path("name").asString();
				check(last == null || compareBytes(last, name) < 0, where, name + " after " + last);
				last = name;
				seen++;
			}
			check(page.isEmpty() || page.get(0).path("name").asString().equals(info.path("previous_marker").asString()),
					where, "previous_marker is not the page's first name");
			JsonNode next = info.get("next_marker");
			if (next == null) {
				break;
			}
			check(next.isString() && next.asString().equals(last) && page.size() == this.limit, where,
					"next_marker " + next + " on a page of " + page.size() + " ending at " + last);
			marker = next.asString();
		}
		check(seen == this.secrets, who, "saw " + seen + " secrets of " + this.secrets);
		return Arrays.copyOf(nanos, walked);
	}

	private void report(Run run, long cpuTicks, boolean cpu) {
		List<long[]> walks = run.walks();
		long requests = run.requests();
		double seconds = run.seconds();
		// Each walk's pages by position: the first tenth, the middle tenth, the last
		// tenth.
		List<long[]> tenths = new ArrayList<>();
		for (int tenth = 0; tenth < 10; tenth++) {
			tenths.add(positions(walks, tenth * 0.1, (tenth + 1) * 0.1));
		}
		long[] first = tenths.get(0);
		long[] middle = positions(walks, 0.45, 0.55);
		long[] last = tenths.get(9);
		long[] all = positions(walks, 0, 1);
		for (int tenth = 0; tenth < 10; tenth++) {
			long[] part = tenths.get(tenth);
			System.out.printf("pages %3d%%-%3d%%: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d requests)%n", tenth * 10,
					tenth * 10 + 10, ms(part, 0.5), ms(part, 0.99), ms(part, 1), part.length);
		}
		double[] tenthP50 = tenths.stream().mapToDouble((part) -> ms(part, 0.5)).toArray();
		double[] tenthP99 = tenths.stream().mapToDouble((part) -> ms(part, 0.99)).toArray();
		// Linux counts a process's CPU time in clock ticks of 10 ms (USER_HZ 100).
		String cpuPerPage = cpu ? String.format("%.0f", cpuTicks * 10_000.0 / requests) : "-";
		System.out.printf(
				"requests=%d walks=%d pages_per_walk=%d seconds=%.1f rps=%.0f cpu_us=%s p50=%.2f p99=%.2f"
						+ " first_p50=%.2f first_p99=%.2f middle_p50=%.2f middle_p99=%.2f last_p50=%.2f last_p99=%.2f"
						+ " ratio_p50=%.2f ratio_p99=%.2f tenths_p50=%.2f-%.2f tenths_p99=%.2f-%.2f%n",
				requests, walks.size(), walks.get(0).length, seconds, requests / seconds, cpuPerPage, ms(all, 0.5),
				ms(all, 0.99), ms(first, 0.5), ms(first, 0.99), ms(middle, 0.5), ms(middle, 0.99), ms(last, 0.5),
				ms(last, 0.99), ms(last, 0.5) / ms(first, 0.5), ms(last, 0.99) / ms(first, 0.99),
				Arrays.stream(tenthP50).min().orElseThrow(), Arrays.stream(tenthP50).max().orElseThrow(),
				Arrays.stream(tenthP99).min().orElseThrow(), Arrays.stream(tenthP99).max().orElseThrow());
	}

	/**
	 * The latencies of the pages from one fraction of each walk to another, at least one
	 * page of each, sorted.
	 */
	private static long[] positions(List<long[]> walks, double from, double to) {
		return walks.stream().flatMapToLong((walk) -> {
			int first = Math.min((int) Math.round(walk.length * from), walk.length - 1);
			return Arrays.stream(walk, first, Math.max((int) Math.round(walk.length * to), first + 1));
		}).sorted().toArray();
	}

	/**
	 * A percentile (nearest rank) of sorted latencies, in milliseconds.
	 */
	private static double ms(long[] sorted, double percentile) {
		int rank = (int) Math.ceil(percentile * sorted.length);
		return sorted[Math.max(rank - 1, 0)] / 1e6;
	}

	private static int compareBytes(String a, String b) {
		return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

	private static void check(boolean condition, String where, String what) {
		if (!condition) {
			throw new IllegalStateException(where + ": " + what);
		}
	}

	private static long cpuTicks(@Nullable Path stat) throws IOException {
		if (stat == null) {
			return 0;
		}
		// After the command's closing parenthesis, utime and stime are the 12th and 13th
		// fields.
		String line = Files.readString(stat);
		String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/**
	 * What a run measured.
	 *
	 * @param walks each measured walk's page latencies in nanoseconds, by position
	 * @param requests the requests answered while the walks ran, those filling in too
	 * @param seconds how long the walks ran, from the first page to the last walk's end
	 */
	private record Run(List<long[]> walks, long requests, double seconds) {

	}

}
