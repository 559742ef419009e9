package bench.baseline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's baseline: ShowSecretStage's route answering a constant, with no
 * security, validation, cache or database.
 */
@SpringBootApplication
@RestController
public class BaselineApplication {

	private static final Body BODY = new Body(
			new Stage("SYSCURRENT", "v3", 1581507580000L, "secret-name-demo"));

	public static void main(String[] args) {
		SpringApplication.run(BaselineApplication.class, args);
	}

	@GetMapping(path = "/v1/{project_id}/secrets/{secret_name}/stages/{stage_name}",
			produces = MediaType.APPLICATION_JSON_VALUE)
	Body stage(@PathVariable("project_id") String projectId, @PathVariable("secret_name") String secretName,
			@PathVariable("stage_name") String stageName) {
		return BODY;
	}

	@GetMapping("/ready")
	String ready() {
		return "ready";
	}

	record Body(Stage stage) {
	}

	record Stage(String name, String version_id, long update_time, String secret_name) {
	}

}
