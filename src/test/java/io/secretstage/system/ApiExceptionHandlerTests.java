package io.secretstage.system;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiExceptionHandler}: an unexpected failure answers 500 with the
 * contract's body and tells the caller nothing about its cause.
 */
@WebMvcTest(controllers = ApiExceptionHandlerTests.FailingController.class)
@Import(ApiExceptionHandlerTests.FailingController.class)
@WithMockUser
class ApiExceptionHandlerTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void getWhenHandlerFailsUnexpectedlyThen500WithoutDetails() {
		MvcTestResult result = this.mvc.get().uri("/failing").exchange();

		assertThat(result).hasStatus(500);
		assertThat(result).hasContentType("application/json;charset=UTF-8");
		assertThat(result).bodyJson().extractingPath("$.error_code").isEqualTo("CSMS.0500");
		assertThat(result).bodyText()
			.doesNotContain("select", "secret_stage", "IllegalStateException", "FailingController", "at io.");
	}

	@Test
	void getWhenApiExceptionThenItsCodeAndStatus() {
		MvcTestResult result = this.mvc.get().uri("/refusing").exchange();

		assertThat(result).hasStatus(404);
		assertThat(result).bodyJson().extractingPath("$.error_code").isEqualTo("CSMS.0106");
	}

	@RestController
	static class FailingController {

		@GetMapping("/failing")
		String failing() {
			throw new IllegalStateException("select * from secret_stage where name = 'x'");
		}

		@GetMapping("/refusing")
		String refusing() {
			throw new ApiException(ErrorCode.SECRET_NOT_FOUND);
		}

	}

}
