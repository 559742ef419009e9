package io.secretstage.warmup;

import java.util.Set;

import io.secretstage.identity.CallerIdentity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the warm-up's token reads one project only while it is issued, and that no
 * other token is taken for the service's own.
 */
class WarmUpCredentialsTests {

	private static final String PROJECT = "0123456789abcdef0123456789abcdef";

	private static final CallerIdentity CALLER = new CallerIdentity("alice", "alice", PROJECT, Set.of(), null);

	private final WarmUpCredentials credentials = new WarmUpCredentials(Set.of("csms-reader"));

	@Test
	void anIssuedTokenReadsItsProjectWithTheReadRoles() {
		String token = this.credentials.issue(PROJECT);

		CallerIdentity warmUp = this.credentials.verify(token);

		assertThat(token).hasSize(64).matches("[0-9a-f]+");
		assertThat(warmUp).isNotNull();
		assertThat(warmUp.userId()).isEqualTo(WarmUpCredentials.USER_ID);
		assertThat(warmUp.isScopedTo(PROJECT)).isTrue();
		assertThat(warmUp.roles()).containsExactly("csms-reader");
		assertThat(warmUp.expiresAt()).isNull();
		assertThat(this.credentials.isOwn(warmUp)).isTrue();
	}

	@Test
	void otherTokensAreLeftToTheCallersVerifier() {
		this.credentials.issue(PROJECT);

		assertThat(this.credentials.verify("callers-token-0123456789abcdef01234567")).isNull();
		assertThat(this.credentials.isOwn(CALLER)).isFalse();
	}

	@Test
	void aRevokedTokenIsNoLongerTheServicesOwn() {
		String token = this.credentials.issue(PROJECT);
		CallerIdentity warmUp = this.credentials.verify(token);

		this.credentials.revoke();

		assertThat(this.credentials.verify(token)).isNull();
		assertThat(warmUp).isNotNull();
		assertThat(this.credentials.isOwn(warmUp)).isFalse();
	}

	@Test
	void aNewTokenReplacesTheLastOne() {
		String first = this.credentials.issue(PROJECT);
		String second = this.credentials.issue(PROJECT);

		assertThat(second).isNotEqualTo(first);
		assertThat(this.credentials.verify(second)).extracting(CallerIdentity::userId)
			.isEqualTo(WarmUpCredentials.USER_ID);
		assertThat(this.credentials.verify(first)).isNull();
	}

}
