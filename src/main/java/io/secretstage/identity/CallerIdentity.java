package io.secretstage.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import io.secretstage.error.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Who is calling, as the token verifier established it. Holds no token.
 *
 * @param userId the user's id
 * @param userName the user's name
 * @param projectId the project the token is scoped to, or {@code null} for a token that
 * grants no project (a domain-scoped token)
 * @param roles the names of the roles the token carries in that scope
 * @param expiresAt when the token expires, or {@code null} if it does not
 */
public record CallerIdentity(String userId, String userName, @Nullable String projectId, Set<String> roles,
		@Nullable Instant expiresAt) {

	public CallerIdentity {
		roles = Set.copyOf(roles);
	}

	/**
	 * Whether the token is scoped to the given project.
	 * @param projectId the project of the requested resource
	 * @return {@code true} if the caller may act in that project
	 */
	public boolean isScopedTo(String projectId) {
		return projectId.equals(this.projectId);
	}

	/**
	 * This caller, authenticated, with its roles as authorities.
	 * @return the authentication the security context holds
	 */
	Authentication authentication() {
		return new PreAuthenticatedAuthenticationToken(this, "", AuthorityUtils.createAuthorityList(this.roles));
	}

	/**
	 * The identity, if its token has not expired by now.
	 * @param clock tells the time
	 * @return this identity
	 * @throws CredentialsRefusedException 401 {@code APIGW.0307} if the token has expired
	 */
	CallerIdentity unexpired(Clock clock) {
		if (this.expiresAt != null && !clock.instant().isBefore(this.expiresAt)) {
			throw new CredentialsRefusedException(ErrorCode.TOKEN_EXPIRED);
		}
		return this;
	}

}
