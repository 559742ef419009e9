package io.secretstage.observability;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RequestMetricsFilter}: the tags of {@code http.server.requests} as
 * Spring's observation gave them, one timer per set of tags, and no request left counted
 * as active.
 */
class RequestMetricsFilterTests {

	private static final String ROUTE = "/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}";

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

}
