package io.secretstage.observability;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link RequestMetricsFilter}: the tags of {@code http.server.requests} as
 * Spring's observation gave them, one timer per set of tags, and no request left counted
 * as active.
 */
class RequestMetricsFilterTests {

	private static final String ROUTE = "/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}";

	private static final List<Exchange> EXCHANGES = List.of(
			Exchange.answered("a route answering 200", "GET", ROUTE, 200, null),
			Exchange.answered("a route answering 201", "POST", "/v1/{project_id}/secrets", 201, null),
			Exchange.answered("a route answering 404 with an error code", "GET", ROUTE, 404, "CSMS.0106"),
			Exchange.answered("a route answering 500 with an error code", "PUT", ROUTE, 500, "CSMS.0500"),
			Exchange.answered("a route answering 304", "GET", ROUTE, 304, null),
			Exchange.answered("the root route", "GET", "", 200, null),
			Exchange.answered("no route: 404", "GET", null, 404, "APIGW.0101"),
			Exchange.answered("no credentials before routing: 401", "GET", null, 401, "APIGW.0301"),
			Exchange.answered("a method the route does not have: 405", "DELETE", null, 405, "CSMS.0003"),
			Exchange.answered("a method HTTP does not define", "FOO", null, 400, "CSMS.0003"),
			Exchange.redirected("a redirect without a route", "GET"),
			Exchange.failing("a ServletException from a route's handler", ROUTE,
					new ServletException(new IllegalStateException("broken"))),
			Exchange.failing("a ServletException without a cause", null, new ServletException("broken")),
			Exchange.failing("a RuntimeException before routing", null, new IllegalArgumentException("broken")),
			Exchange.failing("an IOException while answering", ROUTE, new IOException("broken")),
			Exchange.noted("an exception noted as the request's error, answered 500", ROUTE, 500,
					new IllegalStateException("broken")));

	/**
	 * Answers the service gives rarely or never, where the two could part: an exception
	 * noted as the request's error on an answer that is not a 500, statuses that
	 * {@code HttpStatus} does not name, an exception of an anonymous class.
	 */
	private static final List<Exchange> UNUSUAL_EXCHANGES = List.of(
			Exchange.noted("an exception noted as the request's error, answered 400", ROUTE, 400,
					new IllegalStateException("broken")),
			Exchange.noted("an exception noted as the request's error, answered 404 without a route", null, 404,
					new IllegalStateException("broken")),
			Exchange.answered("a 2xx status HttpStatus does not name", "GET", ROUTE, 299, null),
			Exchange.answered("a 3xx status HttpStatus does not name, without a route", "GET", null, 399, null),
			Exchange.failing("an exception of an anonymous class", ROUTE, new IllegalStateException("broken") {
			}));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RequestMetricsFilter filter = new RequestMetricsFilter(this.meters);

	@Test
	void answeredRequestsAreTimedByRouteStatusAndErrorCodeOnOneTimerEach() throws Exception {
		for (int i = 0; i < 3; i++) {
			serve("GET", ROUTE, 200, null);
		}
		serve("GET", ROUTE, 404, "CSMS.0106");

		assertThat(timer("GET", ROUTE, "200", "SUCCESS", "none", "none").count()).isEqualTo(3);
		assertThat(timer("GET", ROUTE, "404", "CLIENT_ERROR", "none", "CSMS.0106").count()).isOne();
		assertThat(this.meters.find("http.server.requests").timers()).hasSize(2);
		assertThat(active()).isZero();
	}

	@Test
	void withoutARouteTheUriSaysWhyAndAnUnknownMethodIsNotATag() throws Exception {
		serve("GET", null, 404, "APIGW.0101");
		serve("FOO", null, 400, "CSMS.0003");

		assertThat(timer("GET", "NOT_FOUND", "404", "CLIENT_ERROR", "none", "APIGW.0101").count()).isOne();
		assertThat(timer("UNKNOWN", "UNKNOWN", "400", "CLIENT_ERROR", "none", "CSMS.0003").count()).isOne();
	}

	@Test
	void anExceptionLeavingTheChainIsA500WithItsName() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/failing");

		assertThatExceptionOfType(ServletException.class)
			.isThrownBy(() -> this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
				throw new ServletException(new IllegalStateException("broken"));
			}));

		assertThat(timer("GET", "UNKNOWN", "500", "SERVER_ERROR", "IllegalStateException", "none").count()).isOne();
		assertThat(active()).isZero();
	}

	@Test
	void everyRouteAndErrorThenTheSameTagsAsSpringsObservation() {
		assertSameTagsAsSpringsObservation(EXCHANGES);
	}

	@Test
	void unusualAnswersThenTheSameTagsAsSpringsObservation() {
		assertSameTagsAsSpringsObservation(UNUSUAL_EXCHANGES);
	}

	/**
	 * Every exchange's tags, as the filter records them, are Spring's and the error code
	 * it was answered with. Every exchange is checked and every difference reported.
	 * @param exchanges the exchanges
	 */
	private static void assertSameTagsAsSpringsObservation(List<Exchange> exchanges) {
		SoftAssertions.assertSoftly((softly) -> {
			for (Exchange exchange : exchanges) {
				Map<String, String> spring = springTags(exchange);
				Map<String, String> service = serviceTags(exchange);

				softly.assertThat(service.remove("error_code"))
					.as(exchange.description())
					.isEqualTo((exchange.errorCode() != null) ? exchange.errorCode() : "none");
				softly.assertThat(service).as(exchange.description()).isEqualTo(spring);
			}
		});
	}

	private static Map<String, String> springTags(Exchange exchange) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		return tags(new ServerHttpObservationFilter(observations), meters, exchange);
	}

	private static Map<String, String> serviceTags(Exchange exchange) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		return tags(new RequestMetricsFilter(meters), meters, exchange);
	}

	/**
	 * Serve an exchange through a filter and read the tags of the one timer it records.
	 * @param filter the filter that records {@code http.server.requests}
	 * @param meters where it records it
	 * @param exchange what the rest of the chain does
	 * @return the timer's tags, by key
	 */
	private static Map<String, String> tags(Filter filter, SimpleMeterRegistry meters, Exchange exchange) {
		MockHttpServletRequest request = new MockHttpServletRequest(exchange.method(), "/v1/some/path");
		Throwable thrown = catchThrowable(() -> filter.doFilter(request, new MockHttpServletResponse(), exchange));
		assertThat(thrown).as(exchange.description()).isSameAs(exchange.failure());
		Timer timer = meters.get("http.server.requests").timer();
		Map<String, String> tags = new TreeMap<>();
		for (Tag tag : timer.getId().getTags()) {
			tags.put(tag.getKey(), tag.getValue());
		}
		return tags;
	}

	private void serve(String method, @Nullable String route, int status, @Nullable String errorCode) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/some/path");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> {
			assertThat(active()).isOne();
			if (route != null) {
				request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, route);
			}
			if (errorCode != null) {
				ErrorCodes.answered(request, errorCode);
			}
			response.setStatus(status);
		});
	}

	private int active() {
		return this.meters.get("http.server.requests.active")
			.longTaskTimers()
			.stream()
			.mapToInt(LongTaskTimer::activeTasks)
			.sum();
	}

	private Timer timer(String method, String uri, String status, String outcome, String exception, String errorCode) {
		return this.meters.get("http.server.requests")
			.tags("method", method, "uri", uri, "status", status, "outcome", outcome, "exception", exception, "error",
					exception, "error_code", errorCode)
			.timer();
	}

	/**
	 * What the rest of the chain does with a request, as Spring MVC would: a matched
	 * route's pattern is noted for both filters, then the request is answered, with an
	 * error code or not, or fails.
	 *
	 * @param description what the exchange is
	 * @param method the request's method
	 * @param pattern the route's pattern, or {@code null} if none matched
	 * @param errorCode the contract's error code it is answered with, if any
	 * @param failure the exception it leaves the chain with, if any
	 * @param answer how it is answered
	 */
	private record Exchange(String description, String method, @Nullable String pattern, @Nullable String errorCode,
			@Nullable Exception failure, Answer answer) implements FilterChain {

		static Exchange answered(String description, String method, @Nullable String pattern, int status,
				@Nullable String errorCode) {
			return new Exchange(description, method, pattern, errorCode, null,
					(request, response) -> response.setStatus(status));
		}

		static Exchange redirected(String description, String method) {
			return new Exchange(description, method, null, null, null,
					(request, response) -> response.sendRedirect("/v1/elsewhere"));
		}

		static Exchange failing(String description, @Nullable String pattern, Exception failure) {
			return new Exchange(description, "GET", pattern, null, failure, (request, response) -> {
				if (failure instanceof ServletException servlet) {
					throw servlet;
				}
				if (failure instanceof IOException io) {
					throw io;
				}
				throw (RuntimeException) failure;
			});
		}

		static Exchange noted(String description, @Nullable String pattern, int status, Exception error) {
			return new Exchange(description, "GET", pattern, null, null, (request, response) -> {
				request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, error);
				response.setStatus(status);
			});
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
			HttpServletRequest http = (HttpServletRequest) request;
			String pattern = this.pattern;
			if (pattern != null) {
				http.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
				ServerHttpObservationFilter.findObservationContext(http)
					.ifPresent((context) -> context.setPathPattern(pattern));
			}
			if (this.errorCode != null) {
				ErrorCodes.answered(http, this.errorCode);
			}
			this.answer.answer(http, (HttpServletResponse) response);
		}

	}

	@FunctionalInterface
	private interface Answer {

		void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;

	}

}
