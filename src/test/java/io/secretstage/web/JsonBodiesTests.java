package io.secretstage.web;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.support.ModelAndViewContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests which answers {@link ApiHandlerAdapter.JsonBodies} writes, and that it writes
 * them as the contract's JSON, left for Tomcat to send when the request ends.
 */
class JsonBodiesTests {

	private final ApiHandlerAdapter.JsonBodies bodies = new ApiHandlerAdapter.JsonBodies(JsonMapper.shared());

	@Test
	void writesTheRecordsOfRestControllersOnly() throws NoSuchMethodException {
		assertThat(this.bodies.supportsReturnType(returnOf(Api.class, "record"))).isTrue();
		assertThat(this.bodies.supportsReturnType(returnOf(Api.class, "text"))).isFalse();
		assertThat(this.bodies.supportsReturnType(returnOf(NotApi.class, "record"))).isFalse();
	}

	@Test
	void writesTheBodyAsJsonWithoutCommittingTheResponse() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		ModelAndViewContainer container = new ModelAndViewContainer();

		this.bodies.handleReturnValue(new Body("v1", 3), returnOf(Api.class, "record"), container,
				new ServletWebRequest(new MockHttpServletRequest(), response));

		assertThat(container.isRequestHandled()).isTrue();
		assertThat(response.getContentType()).isEqualTo(EmptyResponses.JSON_UTF8);
		assertThat(response.getContentAsString()).isEqualTo("{\"id\":\"v1\",\"count\":3}");
		assertThat(response.isCommitted()).isFalse();
		assertThat(response.getHeader("Content-Length")).isNull();
	}

	@Test
	void aNullBodyWritesNothing() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		ModelAndViewContainer container = new ModelAndViewContainer();

		this.bodies.handleReturnValue(null, returnOf(Api.class, "record"), container,
				new ServletWebRequest(new MockHttpServletRequest(), response));

		assertThat(container.isRequestHandled()).isTrue();
		assertThat(response.getContentAsByteArray()).isEmpty();
	}

	private static MethodParameter returnOf(Class<?> type, String name) throws NoSuchMethodException {
		Method method = type.getDeclaredMethod(name);
		return new MethodParameter(method, -1);
	}

	record Body(String id, int count) {

	}

	@RestController
	static class Api {

		Body record() {
			return new Body("v1", 1);
		}

		String text() {
			return "";
		}

	}

	static class NotApi {

		Body record() {
			return new Body("v1", 1);
		}

	}

}
