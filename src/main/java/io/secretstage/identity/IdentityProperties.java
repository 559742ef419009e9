package io.secretstage.identity;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How callers' tokens are verified, and which roles each kind of operation needs.
 *
 * @param verifier which verifier to use
 * @param staticTokens the tokens the {@code static} verifier accepts
 * @param requiredRoles the roles each kind of operation needs
 */
@ConfigurationProperties("csms.identity")
@Validated
record IdentityProperties(@DefaultValue("static") Verifier verifier,
		@DefaultValue List<@Valid StaticToken> staticTokens, @DefaultValue @Valid RequiredRoles requiredRoles) {

	enum Verifier {

		/** Tokens from configuration, kept as SHA-256 digests. */
		STATIC,

		/** Tokens validated online by a Keystone v3 compatible identity service. */
		IAM

	}

	/**
	 * One token of the {@code static} verifier.
	 *
	 * @param sha256 the lowercase hex SHA-256 digest of the token (never the token)
	 * @param projectId the project the token is scoped to
	 * @param userId the user id the token stands for
	 * @param userName the user name; the user id when not set
	 * @param roles the role names the token carries
	 * @param expiresAt when the token stops working; never when not set
	 */
	record StaticToken(@Pattern(regexp = "[0-9a-f]{64}") @NotBlank String sha256,
			@Pattern(regexp = "[A-Za-z0-9_-]{32,64}") @NotBlank String projectId, @NotBlank String userId,
			@Nullable String userName, @DefaultValue Set<String> roles, @Nullable Instant expiresAt) {

	}

	/**
	 * Role names, any one of which a token needs for a kind of operation. An empty set
	 * lets any token scoped to the project through.
	 *
	 * @param read the roles that may read
	 * @param write the roles that may write
	 */
	record RequiredRoles(@DefaultValue Set<String> read, @DefaultValue Set<String> write) {

	}

}
