package io.secretstage.identity;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * The identity service (Keystone v3 or Huawei IAM) of the {@code iam} verifier, and the
 * service's own account there. Bound only when that verifier is chosen, so a missing
 * setting stops the start with its name.
 *
 * @param baseUrl the identity service's base URL, such as
 * {@code https://iam.example.com}; {@code /v3/auth/tokens} is appended
 * @param username the service's own user name
 * @param password the service's own password
 * @param userDomain the domain of the service's user
 * @param projectId the project to scope the service's token to (or set {@code domain})
 * @param domain the domain to scope the service's token to (or set {@code projectId})
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer
 * @param cache how verified tokens are remembered
 * @param circuit when to stop calling an identity service that keeps failing
 */
@ConfigurationProperties("csms.identity.iam")
@Validated
record IamProperties(@NotNull(message = "set csms.identity.iam.base-url") URI baseUrl,
		@NotBlank(message = "set csms.identity.iam.username") String username,
		@NotBlank(message = "set csms.identity.iam.password") String password,
		@NotBlank(message = "set csms.identity.iam.user-domain") String userDomain, @Nullable String projectId,
		@Nullable String domain, @DefaultValue("2s") Duration connectTimeout, @DefaultValue("3s") Duration readTimeout,
		@DefaultValue @Valid Cache cache, @DefaultValue @Valid Circuit circuit) {

	IamProperties {
		projectId = StringUtils.hasText(projectId) ? projectId : null;
		domain = StringUtils.hasText(domain) ? domain : null;
	}

	/**
	 * The service's token is scoped to exactly one project or domain.
	 * @return whether exactly one of {@code project-id} and {@code domain} is set
	 */
	@AssertTrue(message = "set exactly one of csms.identity.iam.project-id and csms.identity.iam.domain")
	boolean isScopeChosen() {
		return (this.projectId == null) != (this.domain == null);
	}

	@Override
	public String toString() {
		return "IamProperties[baseUrl=" + this.baseUrl + ", username=" + this.username + ", password=(hidden)]";
	}

	/**
	 * The cache of verified tokens.
	 *
	 * @param maxSize how many tokens to remember at most
	 * @param maxTtl how long a token the identity service accepted is trusted without
	 * asking again (so a revoked token stops working within this time)
	 * @param negativeTtl how long a token the identity service rejected is refused
	 * without asking again
	 */
	record Cache(@DefaultValue("10000") @Positive long maxSize, @DefaultValue("5m") Duration maxTtl,
			@DefaultValue("30s") Duration negativeTtl) {

	}

	/**
	 * The circuit breaker in front of the identity service (see {@link IamClient} and
	 * {@link io.secretstage.system.Circuits#inARow}).
	 *
	 * @param failures how many failed calls in a row open the circuit
	 * @param openFor how long calls fail at once before one is let through again
	 */
	record Circuit(@DefaultValue("5") @Positive int failures, @DefaultValue("10s") Duration openFor) {

	}

}
