package io.secretstage.observability;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records {@code http.server.requests}, a timer per route, status and error code, with
 * the tags Spring's own observation of requests gives it ({@code method}, {@code uri}
 * (the route's pattern), {@code status}, {@code outcome}, {@code exception}, and
 * Micrometer's {@code error}) and the contract's {@code error_code}. Recorded straight on
 * Micrometer's timers rather than through the Observation API, whose context, key-value
 * lists and sorted tags per request cost an eighth of the read path (bench/RESULTS.md);
 * the timers are kept, one per set of tags, so a request only looks its timer up. The
 * requests being served are counted by {@code http.server.requests.active}, a long task
 * timer per method, as Spring's observation did. Its tests hold every tag to what
 * Spring's own observation filter records for the same exchange.
 */
final class RequestMetricsFilter extends HttpFilter {

	private static final Set<String> KNOWN_METHODS = Arrays.stream(HttpMethod.values())
		.map(HttpMethod::name)
		.collect(Collectors.toUnmodifiableSet());

	private final MeterRegistry registry;

	private final ConcurrentMap<Tags, Timer> timers = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, LongTaskTimer> active = new ConcurrentHashMap<>();

	RequestMetricsFilter(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		long start = this.registry.config().clock().monotonicTime();
		String method = method(request);
		LongTaskTimer.Sample serving = this.active.computeIfAbsent(method, this::active).start();
		Throwable error = null;
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			error = (ex instanceof ServletException && ex.getCause() != null) ? ex.getCause() : ex;
			throw ex;
		}
		finally {
			serving.stop();
			if (!OwnRequests.isOwn(request)) {
				record(request, response, method, start, error);
			}
		}
	}

	private void record(HttpServletRequest request, HttpServletResponse response, String method, long start,
			@Nullable Throwable thrown) {
		Throwable error = thrown;
		if (error == null && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failed) {
			error = failed;
		}
		// An exception that leaves the chain is answered 500 by the container, later.
		int status = (thrown != null) ? HttpStatus.INTERNAL_SERVER_ERROR.value() : response.getStatus();
		// Spring's observation names an anonymous exception class in full; Micrometer's
		// error tag keeps its (empty) simple name.
		String exception = (error != null) ? exceptionName(error) : "none";
		String errorTag = (error != null) ? error.getClass().getSimpleName() : "none";
		String errorCode = ErrorCodes.of(request);
		Tags tags = new Tags(method, uri(request, status), status, exception, errorTag,
				(errorCode != null) ? errorCode : "none");
		this.timers.computeIfAbsent(tags, this::timer)
			.record(this.registry.config().clock().monotonicTime() - start, TimeUnit.NANOSECONDS);
	}

	/**
	 * The method, or {@code UNKNOWN} for one HTTP does not define: the tag stays bounded.
	 * @param request the request
	 * @return the method's name, or {@code UNKNOWN}
	 */
	private static String method(HttpServletRequest request) {
		String method = request.getMethod();
		return KNOWN_METHODS.contains(method) ? method : "UNKNOWN";
	}

	private static String uri(HttpServletRequest request, int status) {
		if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
			return pattern.isEmpty() ? "root" : pattern;
		}
		HttpStatus resolved = HttpStatus.resolve(status);
		if (resolved != null && resolved.is3xxRedirection()) {
			return "REDIRECTION";
		}
		return (resolved == HttpStatus.NOT_FOUND) ? "NOT_FOUND" : "UNKNOWN";
	}

	/**
	 * The exception's name as Spring's observation tags it: its simple name, or its whole
	 * name for a class that has none (an anonymous one).
	 * @param error the exception
	 * @return the name
	 */
	private static String exceptionName(Throwable error) {
		String simple = error.getClass().getSimpleName();
		return simple.isEmpty() ? error.getClass().getName() : simple;
	}

	private LongTaskTimer active(String method) {
		return LongTaskTimer.builder("http.server.requests.active")
			.description("Requests being served")
			.tag("method", method)
			.register(this.registry);
	}

	private Timer timer(Tags tags) {
		// As Spring's observation: any 2xx is a success, another status its series if
		// HttpStatus names it.
		HttpStatus resolved = HttpStatus.resolve(tags.status());
		String outcome = (tags.status() / 100 == 2) ? "SUCCESS"
				: (resolved != null) ? resolved.series().name() : "UNKNOWN";
		return Timer.builder("http.server.requests")
			.description("Duration of HTTP server request handling")
			.tag("method", tags.method())
			.tag("uri", tags.uri())
			.tag("status", Integer.toString(tags.status()))
			.tag("outcome", outcome)
			.tag("exception", tags.exception())
			.tag("error", tags.error())
			.tag("error_code", tags.errorCode())
			.register(this.registry);
	}

	/** What a timer is for: cheap to build, hash and compare on every request. */
	private record Tags(String method, String uri, int status, String exception, String error, String errorCode) {

	}

}
