package io.secretstage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load and the clock of the failover drill ({@code bench/failover.sh}), against the
 * service on a two-node Patroni cluster. Creates the secrets the readers read (each with
 * versions {@code v1} to {@code v3}, so {@code SYSCURRENT} is {@code v3}); starts the
 * readers, which read {@code SYSCURRENT} of those secrets round-robin and count as failed
 * any answer but a 200 naming {@code v3}, and the writers, which add versions to secrets
 * of their own (a new one every {@value #VERSIONS_PER_SECRET} attempts, so that no secret
 * reaches the 20 versions past which the service deletes the oldest, which would pass for
 * a lost write) and keep every version acknowledged with 200. After the steady seconds it
 * asks each node's Patroni for the primary ({@code GET /primary}), kills that node's
 * postmaster with SIGKILL, and polls the other node, in SQL ({@code pg_is_in_recovery()})
 * and at its Patroni ({@code GET /primary}), for the moment it is promoted. The load runs
 * on for the seconds asked after that. Then every acknowledged version is read back
 * through the API (ShowSecretVersion, its value compared) and looked up in SQL on the new
 * primary; and a few stages are moved in SQL on the new primary, each timed until the
 * API's answer shows it.
 * <p>
 * Prints what it measured, then one line of {@code key=value} for the script. Exits 1
 * when there is no primary to kill or none was promoted in time.
 */
public final class BenchFailover {

	/** Attempts at a new version of one writer's secret before it moves to a new one. */
	private static final int VERSIONS_PER_SECRET = 18;

	private static final int FRESHNESS_CHECKS = 3;

	private static final Pattern ERROR_CODE = Pattern.compile("\"error_code\"\\s*:\\s*\"([^\"]*)\"");

	private static final JsonMapper json = JsonMapper.shared();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Map<String, String> settings;

	private final String api;

	private final String token;

	private final String project;

	private final List<Node> nodes = new ArrayList<>();

	/** The drill's clock: nanoseconds from this instant. */
	private final long origin = System.nanoTime();

	private final List<String> readSecrets = new ArrayList<>();

	private final LongAdder reads = new LongAdder();

	private final ConcurrentLinkedQueue<Failure> failedReads = new ConcurrentLinkedQueue<>();

	private final AtomicLong slowestRead = new AtomicLong();

	private final ConcurrentLinkedQueue<Write> acknowledged = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Failure> failedWrites = new ConcurrentLinkedQueue<>();

	private volatile boolean loading = true;

	private BenchFailover(Map<String, String> settings) {
		this.settings = settings;
		this.api = setting("url") + "/v1/" + setting("project") + "/secrets";
		this.token = setting("token");
		this.project = setting("project");
		for (String node : setting("nodes").split(",")) {
			String[] parts = node.split(":", 4);
			this.nodes
				.add(new Node(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Path.of(parts[3])));
		}
	}

	/**
	 * Arguments, each {@code key=value}: {@code url} (the service), {@code token},
	 * {@code project}, {@code nodes} (each {@code host:pg-port:patroni-port:data-dir},
	 * comma-separated), {@code database}, {@code user}, {@code password} (for the SQL
	 * checks, straight to each node), {@code secrets}, {@code readers}, {@code writers},
	 * {@code steady} and {@code after} (seconds), {@code promotion-timeout} (seconds),
	 * {@code read-pause-ms}, {@code write-pause-ms}, and {@code killed} (a file to which
	 * the killed postmaster's process and its children's ids are written, for the
	 * script's clean-up).
	 * @param args the arguments
	 * @throws Exception if the drill cannot be set up
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> settings = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			settings.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
		System.exit(new BenchFailover(settings).run());
	}

	private int run() throws Exception {
		int secrets = number("secrets");
		for (int i = 0; i < secrets; i++) {
			String name = String.format("r-%03d", i);
			this.readSecrets.add(name);
			expectOk(post(this.api, "{\"name\":\"" + name + "\",\"secret_string\":\"one\"}"), "CreateSecret " + name);
			for (String value : List.of("two", "three")) {
				expectOk(post(this.api + "/" + name + "/versions", "{\"secret_string\":\"" + value + "\"}"),
						"CreateSecretVersion " + name);
			}
		}
		int readers = number("readers");
		int writers = number("writers");
		List<Thread> load = new ArrayList<>();
		for (int i = 0; i < readers; i++) {
			int first = i * secrets / readers;
			load.add(Thread.ofPlatform().name("reader-" + i).start(() -> read(first)));
		}
		for (int i = 0; i < writers; i++) {
			int writer = i;
			load.add(Thread.ofPlatform().name("writer-" + i).start(() -> write(writer)));
		}
		long loadStart = now();
		Thread.sleep(number("steady") * 1000L);

		Node primary = primary();
		if (primary == null) {
			this.loading = false;
			System.out.println("No node answers 200 to GET /primary: nothing to kill");
			return 1;
		}
		Node other = this.nodes.get(1 - this.nodes.indexOf(primary));
		long pid = Long.parseLong(Files.readAllLines(primary.dataDir().resolve("postmaster.pid")).get(0).trim());
		ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
		List<String> killed = new ArrayList<>(List.of(Long.toString(pid)));
		postmaster.children().forEach((child) -> killed.add(Long.toString(child.pid())));
		Files.write(Path.of(setting("killed")), killed);
		AtomicLong promotedInSql = new AtomicLong(-1);
		AtomicReference<Node> newPrimary = new AtomicReference<>();
		AtomicLong promotedAtPatroni = new AtomicLong(-1);
		long kill = now();
		long killEpochMillis = System.currentTimeMillis();
		postmaster.destroyForcibly();
		// Both nodes: Patroni may restart the killed primary in place rather than fail
		// over (when it finds the standby not fit to take over in time).
		List<Thread> sqlWatches = this.nodes.stream()
			.map((node) -> Thread.ofPlatform().start(() -> watchSql(node, promotedInSql, newPrimary)))
			.toList();
		Thread patroniWatch = Thread.ofPlatform().start(() -> watchPatroni(other, promotedAtPatroni));
		for (Thread watch : sqlWatches) {
			watch.join(number("promotion-timeout") * 1000L);
		}
		patroniWatch.join(5000);
		long promoted = promotedInSql.get();
		if (promoted < 0) {
			this.loading = false;
			System.out.printf("Killed the postmaster of %s (pid %d); no node was primary again within %d s%n",
					primary.name(), pid, number("promotion-timeout"));
			return 1;
		}
		boolean failedOver = newPrimary.get() == other;
		if (!failedOver) {
			System.out.printf("No failover: Patroni restarted %s in place%n", primary.name());
		}
		Thread.sleep(Math.max(0, (promoted + number("after") * 1_000_000_000L - now()) / 1_000_000));
		this.loading = false;
		for (Thread thread : load) {
			thread.join();
		}
		long end = now();

		System.out.printf(
				"Killed the postmaster of %s (pid %d) %.1f s into the load; %s primary %.2f s later (in SQL), the other's Patroni "
						+ "answered 200 to /primary %s s later; load until %.1f s after the promotion%n",
				primary.name(), pid, seconds(kill, loadStart), newPrimary.get().name(), seconds(promoted, kill),
				(promotedAtPatroni.get() < 0) ? "-" : String.format("%.2f", seconds(promotedAtPatroni.get(), kill)),
				seconds(end, promoted));
		Map<String, String> result = new TreeMap<>();
		result.put("kill_epoch_ms", Long.toString(killEpochMillis));
		result.put("failover", failedOver ? "yes" : "no");
		result.put("promotion_s", format(seconds(promoted, kill)));
		result.put("patroni_primary_s",
				(promotedAtPatroni.get() < 0) ? "-" : format(seconds(promotedAtPatroni.get(), kill)));
		reportReads(kill, promoted, result);
		reportWrites(kill, promoted, result);
		checkWrites(newPrimary.get(), result);
		checkFreshness(newPrimary.get(), result);
		StringBuilder line = new StringBuilder("RESULT");
		result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
		System.out.println(line);
		return 0;
	}

	/**
	 * Read SYSCURRENT of the readers' secrets round-robin, from the given one on, until
	 * the load stops.
	 */
	private void read(int first) {
		long pause = number("read-pause-ms");
		for (int i = first; this.loading; i++) {
			String name = this.readSecrets.get(i % this.readSecrets.size());
			long start = now();
			String failure;
			try {
				HttpResponse<String> response = get(this.api + "/" + name + "/stages/SYSCURRENT");
				failure = (response.statusCode() != 200) ? outcome(response)
						: versionOf(response, "stage", "version_id").equals("v3") ? null
								: "200 naming " + versionOf(response, "stage", "version_id");
			}
			catch (IOException ex) {
				failure = ex.getClass().getSimpleName();
			}
			long end = now();
			this.reads.increment();
			this.slowestRead.accumulateAndGet(end - start, Math::max);
			if (failure != null) {
				this.failedReads.add(new Failure(start, end, failure));
			}
			pause(pause);
		}
	}

	/**
	 * Add versions to the writer's own secrets until the load stops, keeping each that is
	 * acknowledged.
	 */
	private void write(int writer) {
		long pause = number("write-pause-ms");
		int created = 0;
		@Nullable String secret = null;
		int attempts = 0;
		for (int n = 0; this.loading; n++) {
			String value = "w" + writer + "-" + n + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
			boolean create = secret == null || attempts >= VERSIONS_PER_SECRET;
			String name = create ? ("w" + writer + "-" + created++) : secret;
			long start = now();
			String failure;
			try {
				HttpResponse<String> response = create
						? post(this.api, "{\"name\":\"" + name + "\",\"secret_string\":\"" + value + "\"}")
						: post(this.api + "/" + name + "/versions", "{\"secret_string\":\"" + value + "\"}");
				failure = (response.statusCode() != 200) ? outcome(response) : null;
				if (failure == null) {
					String version = create ? "v1" : versionOf(response, "version_metadata", "id");
					this.acknowledged.add(new Write(start, now(), name, version, value));
				}
			}
			catch (IOException ex) {
				failure = ex.getClass().getSimpleName();
			}
			if (failure != null) {
				this.failedWrites.add(new Failure(start, now(), failure));
			}
			// A name whose creation failed may exist all the same: it is not used again.
			if (create) {
				secret = (failure != null) ? null : name;
				attempts = (failure != null) ? 0 : 1;
			}
			else {
				attempts++;
			}
			pause(pause);
		}
	}

	/** The node whose Patroni answers 200 to GET /primary, if exactly one does. */
	private @Nullable Node primary() {
		List<Node> primaries = new ArrayList<>();
		for (Node node : this.nodes) {
			if (patroniPrimary(node)) {
				primaries.add(node);
			}
		}
		return (primaries.size() == 1) ? primaries.get(0) : null;
	}

	private boolean patroniPrimary(Node node) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(node.patroni() + "/primary"))
				.timeout(Duration.ofSeconds(1))
				.build();
			return this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Poll the node in SQL, every 10 ms, until it is out of recovery or another node was
	 * first.
	 */
	private void watchSql(Node node, AtomicLong promoted, AtomicReference<Node> first) {
		long deadline = now() + number("promotion-timeout") * 1_000_000_000L;
		while (now() < deadline && promoted.get() < 0) {
			try (Connection connection = connect(node); Statement statement = connection.createStatement()) {
				while (now() < deadline && promoted.get() < 0) {
					try (ResultSet row = statement.executeQuery("select not pg_is_in_recovery()")) {
						row.next();
						if (row.getBoolean(1) && promoted.compareAndSet(-1, now())) {
							first.set(node);
							return;
						}
					}
					pause(10);
				}
			}
			catch (SQLException ex) {
				pause(10);
			}
		}
	}

	/** Poll the node's Patroni, every 10 ms, until it answers 200 to GET /primary. */
	private void watchPatroni(Node node, AtomicLong promoted) {
		long deadline = now() + number("promotion-timeout") * 1_000_000_000L;
		while (now() < deadline) {
			if (patroniPrimary(node)) {
				promoted.set(now());
				return;
			}
			pause(10);
		}
	}

	private void reportReads(long kill, long promoted, Map<String, String> result) {
		List<Failure> failed = new ArrayList<>(this.failedReads);
		failed.sort((a, b) -> Long.compare(a.start(), b.start()));
		result.put("reads", Long.toString(this.reads.sum()));
		result.put("failed_reads", Integer.toString(failed.size()));
		result.put("slowest_read_ms", format(this.slowestRead.get() / 1e6));
		System.out.printf("Reads: %d, failed %d (%s), slowest %.0f ms%n", this.reads.sum(), failed.size(),
				kinds(failed), this.slowestRead.get() / 1e6);
		if (failed.isEmpty()) {
			result.put("failed_reads_from", "-");
			result.put("failed_reads_to", "-");
			return;
		}
		Failure first = failed.get(0);
		Failure last = failed.get(failed.size() - 1);
		result.put("failed_reads_from", format(seconds(first.start(), kill)));
		result.put("failed_reads_to", format(seconds(last.end(), kill)));
		System.out.printf("  failed reads sent from %+.2f to %+.2f s of the kill (%+.2f to %+.2f s of the promotion)%n",
				seconds(first.start(), kill), seconds(last.end(), kill), seconds(first.start(), promoted),
				seconds(last.end(), promoted));
		// When, by half second from the kill; each with its kinds.
		Map<Long, List<Failure>> byHalfSecond = new TreeMap<>();
		for (Failure failure : failed) {
			byHalfSecond
				.computeIfAbsent(Math.floorDiv(failure.start() - kill, 500_000_000L), (key) -> new ArrayList<>())
				.add(failure);
		}
		byHalfSecond.forEach((half, failures) -> System.out.printf("  %+5.1f s: %d (%s)%n", half / 2.0, failures.size(),
				kinds(failures)));
	}

	private void reportWrites(long kill, long promoted, Map<String, String> result) {
		List<Write> writes = new ArrayList<>(this.acknowledged);
		@Nullable Write lastBefore = null;
		@Nullable Write firstAfter = null;
		int across = 0;
		for (Write write : writes) {
			if (write.acknowledged() < kill
					&& (lastBefore == null || write.acknowledged() > lastBefore.acknowledged())) {
				lastBefore = write;
			}
			if (write.sent() > kill && (firstAfter == null || write.acknowledged() < firstAfter.acknowledged())) {
				firstAfter = write;
			}
			if (write.sent() <= kill && write.acknowledged() >= kill) {
				across++;
			}
		}
		List<Failure> failed = new ArrayList<>(this.failedWrites);
		result.put("writes_acknowledged", Integer.toString(writes.size()));
		result.put("failed_writes", Integer.toString(failed.size()));
		result.put("write_gap_s", (lastBefore != null && firstAfter != null)
				? format(seconds(firstAfter.acknowledged(), lastBefore.acknowledged())) : "-");
		result.put("promotion_to_write_s",
				(firstAfter != null) ? format(seconds(firstAfter.acknowledged(), promoted)) : "-");
		System.out.printf("Writes: %d acknowledged (%d of them sent before the kill and acknowledged after), %d failed "
				+ "(%s)%n", writes.size(), across, failed.size(), kinds(failed));
		if (lastBefore != null && firstAfter != null) {
			System.out.printf(
					"  last acknowledged before the kill %+.2f s of it, first sent after it acknowledged "
							+ "%+.2f s of it: a gap of %.2f s; %.2f s after the promotion%n",
					seconds(lastBefore.acknowledged(), kill), seconds(firstAfter.acknowledged(), kill),
					seconds(firstAfter.acknowledged(), lastBefore.acknowledged()),
					seconds(firstAfter.acknowledged(), promoted));
		}
		else {
			System.out.println("  no write sent after the kill was acknowledged");
		}
	}

	/**
	 * Read every acknowledged version back through the API and look it up in SQL on the
	 * new primary.
	 */
	private void checkWrites(Node primary, Map<String, String> result) throws Exception {
		List<Write> writes = new ArrayList<>(this.acknowledged);
		LongAdder missing = new LongAdder();
		LongAdder wrong = new LongAdder();
		LongAdder unreadable = new LongAdder();
		ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
			List<Future<?>> checks = new ArrayList<>();
			for (Write write : writes) {
				checks.add(pool.submit(() -> {
					String where = write.secret() + "/" + write.version();
					HttpResponse<String> response = readBack(write);
					if (response == null || (response.statusCode() != 200 && response.statusCode() != 404)) {
						unreadable.increment();
						examples.add(where + ": " + ((response != null) ? outcome(response) : "no answer"));
					}
					else if (response.statusCode() == 404) {
						missing.increment();
						examples.add(where + ": " + outcome(response));
					}
					else if (!write.value()
						.equals(json.readTree(response.body()).path("version").path("secret_string").asString())) {
						wrong.increment();
						examples.add(where + ": another value");
					}
					return null;
				}));
			}
			for (Future<?> check : checks) {
				check.get();
			}
		}
		Set<String> stored = new HashSet<>();
		try (Connection connection = connect(primary);
				PreparedStatement query = connection.prepareStatement("select s.name, v.version_id from secret s "
						+ "join secret_version v on v.secret_id = s.id where s.project_id = ? and s.name like 'w%'")) {
			query.setString(1, this.project);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					stored.add(rows.getString(1) + "/" + rows.getString(2));
				}
			}
		}
		long notInSql = writes.stream()
			.filter((write) -> !stored.contains(write.secret() + "/" + write.version()))
			.count();
		result.put("lost_api", Long.toString(missing.sum() + wrong.sum()));
		result.put("unreadable_api", Long.toString(unreadable.sum()));
		result.put("lost_sql", Long.toString(notInSql));
		System.out.printf(
				"Acknowledged writes read back: through the API %d missing (404), %d with another value, %d "
						+ "not answered with 200 or 404 after retries; in SQL on the new primary %d missing%s%n",
				missing.sum(), wrong.sum(), unreadable.sum(), notInSql,
				examples.isEmpty() ? "" : " (e.g. " + String.join(", ", examples.stream().limit(3).toList()) + ")");
	}

	/**
	 * ShowSecretVersion, tried again for 10 s while the answer is neither 200 nor 404.
	 */
	private @Nullable HttpResponse<String> readBack(Write write) throws InterruptedException {
		@Nullable HttpResponse<String> response = null;
		for (int attempt = 0; attempt < 50; attempt++) {
			try {
				response = get(this.api + "/" + write.secret() + "/versions/" + write.version());
				if (response.statusCode() == 200 || response.statusCode() == 404) {
					return response;
				}
			}
			catch (IOException ex) {
				// tried again
			}
			Thread.sleep(200);
		}
		return response;
	}

	/**
	 * Move SYSCURRENT of a few read secrets to v1 in SQL on the new primary, and time
	 * each from its commit to the first answer of the API that shows it.
	 */
	private void checkFreshness(Node primary, Map<String, String> result) throws Exception {
		List<String> seen = new ArrayList<>();
		double slowest = 0;
		try (Connection connection = connect(primary);
				PreparedStatement update = connection.prepareStatement("update secret_stage set version_id = 'v1', "
						+ "update_time = now() where name = 'SYSCURRENT' and secret_id = "
						+ "(select id from secret where project_id = ? and name = ?)")) {
			for (int i = 0; i < FRESHNESS_CHECKS; i++) {
				String name = this.readSecrets.get(i * this.readSecrets.size() / FRESHNESS_CHECKS);
				String stage = this.api + "/" + name + "/stages/SYSCURRENT";
				update.setString(1, this.project);
				update.setString(2, name);
				if (update.executeUpdate() != 1) {
					throw new IllegalStateException("no SYSCURRENT of " + name + " to move");
				}
				long committed = now();
				double ms = Double.POSITIVE_INFINITY;
				while (now() - committed < 10_000_000_000L) {
					try {
						HttpResponse<String> response = get(stage);
						if (response.statusCode() == 200 && versionOf(response, "stage", "version_id").equals("v1")) {
							ms = (now() - committed) / 1e6;
							break;
						}
					}
					catch (IOException ex) {
						// tried again
					}
					pause(5);
				}
				slowest = Math.max(slowest, ms);
				seen.add(Double.isInfinite(ms) ? "not within 10 s" : String.format("%.0f ms", ms));
			}
		}
		result.put("fresh_ms", Double.isInfinite(slowest) ? ">10000" : format(slowest));
		System.out.printf("A stage moved in SQL on the new primary, seen through the API after: %s%n",
				String.join(", ", seen));
	}

	private Connection connect(Node node) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", setting("user"));
		properties.setProperty("password", setting("password"));
		properties.setProperty("connectTimeout", "2");
		properties.setProperty("socketTimeout", "5");
		properties.setProperty("ApplicationName", "failover-drill");
		return DriverManager.getConnection(
				"jdbc:postgresql://" + node.host() + ":" + node.port() + "/" + setting("database"), properties);
	}

	private HttpResponse<String> get(String url) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	private HttpResponse<String> post(String url, String body) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
		try {
			return this.client.send(request.header("X-Auth-Token", this.token).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static void expectOk(HttpResponse<String> response, String what) {
		if (response.statusCode() != 200) {
			throw new IllegalStateException(what + ": " + response.statusCode() + " " + response.body());
		}
	}

	private static String versionOf(HttpResponse<String> response, String object, String field) {
		return json.readTree(response.body()).path(object).path(field).asString();
	}

	/** The status and the contract's error code, such as {@code 500 CSMS.0500}. */
	private static String outcome(HttpResponse<String> response) {
		Matcher code = ERROR_CODE.matcher(response.body());
		return response.statusCode() + (code.find() ? " " + code.group(1) : "");
	}

	/**
	 * How many of each kind, most first:
	 * {@code 500 CSMS.0500 x12, HttpTimeoutException x1}.
	 */
	private static String kinds(List<Failure> failures) {
		Map<String, Integer> counts = new TreeMap<>();
		failures.forEach((failure) -> counts.merge(failure.what(), 1, Integer::sum));
		return counts.entrySet()
			.stream()
			.sorted((a, b) -> b.getValue() - a.getValue())
			.map((entry) -> entry.getKey() + " x" + entry.getValue())
			.reduce((a, b) -> a + ", " + b)
			.orElse("none");
	}

	private long now() {
		return System.nanoTime() - this.origin;
	}

	private static double seconds(long to, long from) {
		return (to - from) / 1e9;
	}

	private static String format(double value) {
		return String.format("%.2f", value);
	}

	private String setting(String key) {
		String value = this.settings.get(key);
		if (value == null) {
			throw new IllegalArgumentException("missing " + key + "=...");
		}
		return value;
	}

	private int number(String key) {
		return Integer.parseInt(setting(key));
	}

	private static void pause(long millis) {
		if (millis <= 0) {
			return;
		}
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A node of the cluster.
	 *
	 * @param host its address
	 * @param port its PostgreSQL port
	 * @param patroniPort its Patroni REST API's port
	 * @param dataDir its data directory, where {@code postmaster.pid} is
	 */
	private record Node(String host, int port, int patroniPort, Path dataDir) {

		String name() {
			return this.host + ":" + this.port;
		}

		String patroni() {
			return "http://" + this.host + ":" + this.patroniPort;
		}

	}

	/**
	 * A request that failed.
	 *
	 * @param start when it was sent, on the drill's clock
	 * @param end when it failed
	 * @param what its status and error code, or the client's exception
	 */
	private record Failure(long start, long end, String what) {

	}

	/**
	 * A write acknowledged with 200.
	 *
	 * @param sent when it was sent, on the drill's clock
	 * @param acknowledged when its 200 arrived
	 * @param secret the secret written
	 * @param version the version the answer named
	 * @param value the value written
	 */
	private record Write(long sent, long acknowledged, String secret, String version, String value) {

	}

}
