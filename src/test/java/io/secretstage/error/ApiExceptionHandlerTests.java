package io.secretstage.error;

import java.sql.SQLException;

import io.secretstage.TestLogs;
import io.secretstage.database.DatabaseCircuitOpenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
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
@ExtendWith(OutputCaptureExtension.class)
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

	@Test
	void getWhenTheDatabaseIsUnreachableThen500LoggedOnceAWarningButNotWhileItsCircuitIsOpen(CapturedOutput output)
			throws InterruptedException {
		assertThat(this.mvc.get().uri("/database-down").exchange()).hasStatus(500)
			.bodyJson()
			.extractingPath("$.error_code")
			.isEqualTo("CSMS.0500");
		assertThat(this.mvc.get().uri("/database-circuit-open").exchange()).hasStatus(500)
			.bodyJson()
			.extractingPath("$.error_code")
			.isEqualTo("CSMS.0500");

		String logged = TestLogs.flushed(output);
		assertThat(logged).contains("Database unavailable for GET /database-down: Connection refused")
			.doesNotContain("Database unavailable for GET /database-circuit-open");
	}

	@RestController
	static class FailingController {

		@GetMapping("/database-down")
		String databaseDown() {
			throw new DataAccessResourceFailureException("no connection", new SQLException("Connection refused"));
		}

		@GetMapping("/database-circuit-open")
		String databaseCircuitOpen() {
			throw new DataAccessResourceFailureException("no connection", new DatabaseCircuitOpenException());
		}

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
