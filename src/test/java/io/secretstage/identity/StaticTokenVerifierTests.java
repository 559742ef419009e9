package io.secretstage.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.secretstage.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StaticTokenVerifier}.
 */
class StaticTokenVerifierTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final String PROJECT = "0123456789abcdef0123456789abcdef";

	private final StaticTokenVerifier verifier = new StaticTokenVerifier(
			List.of(token("first-token-0123456789abcdef0123456789", "alice", null),
					token("second-token-0123456789abcdef012345678", "bob", NOW.plusSeconds(1)),
					token("expired-token-0123456789abcdef01234567", "carol", NOW)),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void verifyWhenTokenKnownThenItsIdentity() {
		CallerIdentity identity = this.verifier.verify("second-token-0123456789abcdef012345678");

		assertThat(identity.userId()).isEqualTo("bob");
		assertThat(identity.projectId()).isEqualTo(PROJECT);
		assertThat(identity.roles()).containsExactly("reader");
		assertThat(identity.isScopedTo(PROJECT)).isTrue();
		assertThat(identity.isScopedTo("fedcba9876543210fedcba9876543210")).isFalse();
		assertThat(this.verifier.verify("first-token-0123456789abcdef0123456789").userId()).isEqualTo("alice");
	}

	@Test
	void verifyWhenTokenUnknownThenInvalid() {
		assertThatExceptionOfType(CredentialsRefusedException.class)
			.isThrownBy(() -> this.verifier.verify("first-token-0123456789abcdef0123456780"))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.INVALID_TOKEN));
	}

	@Test
	void verifyWhenTokenExpiresNowThenExpired() {
		assertThatExceptionOfType(CredentialsRefusedException.class)
			.isThrownBy(() -> this.verifier.verify("expired-token-0123456789abcdef01234567"))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.TOKEN_EXPIRED));
	}

	private static IdentityProperties.StaticToken token(String token, String user, Instant expiresAt) {
		return new IdentityProperties.StaticToken(HexFormat.of().formatHex(TokenDigest.sha256(token)), PROJECT, user,
				null, Set.of("reader"), expiresAt);
	}

}
