package io.secretstage.identity;

import java.util.Set;

import io.secretstage.system.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that the warm-up's token reads one project only while it is issued, and that
 * every other token goes to the callers' verifier.
 */
class WarmUpCredentialsTests {

	private static final String PROJECT = "0123456789abcdef0123456789abcdef";

	private static final CallerIdentity CALLER = new CallerIdentity("alice", "alice", PROJECT, Set.of(), null);

	private final WarmUpCredentials credentials = new WarmUpCredentials(Set.of("csms-reader"));

	private final TokenVerifier verifier = this.credentials.before((token) -> {
		if (token.equals("callers-token-0123456789abcdef01234567")) {
			return CALLER;
		}
		throw new CredentialsRefusedException(ErrorCode.INVALID_TOKEN);
	});

	@Test
	void anIssuedTokenReadsItsProjectWithTheReadRoles() {
		String token = this.credentials.issue(PROJECT);

		CallerIdentity warmUp = this.verifier.verify(token);

		assertThat(token).hasSize(64).matches("[0-9a-f]+");
		assertThat(warmUp.userId()).isEqualTo(WarmUpCredentials.USER_ID);
		assertThat(warmUp.isScopedTo(PROJECT)).isTrue();
		assertThat(warmUp.roles()).containsExactly("csms-reader");
		assertThat(warmUp.expiresAt()).isNull();
		assertThat(this.credentials.isWarmUp(warmUp)).isTrue();
	}

	@Test
	void otherTokensGoToTheCallersVerifier() {
		this.credentials.issue(PROJECT);

		CallerIdentity caller = this.verifier.verify("callers-token-0123456789abcdef01234567");

		assertThat(caller).isSameAs(CALLER);
		assertThat(this.credentials.isWarmUp(caller)).isFalse();
		assertThatExceptionOfType(CredentialsRefusedException.class)
			.isThrownBy(() -> this.verifier.verify("unknown-token-0123456789abcdef01234567"));
	}

	@Test
	void aRevokedTokenIsRefused() {
		String token = this.credentials.issue(PROJECT);
		CallerIdentity warmUp = this.verifier.verify(token);

		this.credentials.revoke();

		assertThatExceptionOfType(CredentialsRefusedException.class).isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.INVALID_TOKEN));
		assertThat(this.credentials.isWarmUp(warmUp)).isFalse();
	}

	@Test
	void aNewTokenReplacesTheLastOne() {
		String first = this.credentials.issue(PROJECT);
		String second = this.credentials.issue(PROJECT);

		assertThat(second).isNotEqualTo(first);
		assertThat(this.verifier.verify(second).userId()).isEqualTo(WarmUpCredentials.USER_ID);
		assertThatExceptionOfType(CredentialsRefusedException.class).isThrownBy(() -> this.verifier.verify(first));
	}

}
