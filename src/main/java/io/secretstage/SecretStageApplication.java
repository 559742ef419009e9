package io.secretstage;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * Entry point of the secret-stage service.
 */
// Callers are authenticated by token only: no user store, and no generated password.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class SecretStageApplication {

	public static void main(String[] args) {
		SpringApplication.run(SecretStageApplication.class, args);
	}

}
