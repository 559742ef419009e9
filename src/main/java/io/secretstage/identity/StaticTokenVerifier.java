package io.secretstage.identity;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import io.secretstage.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Verifies tokens against a fixed list from configuration, for development and for
 * deployments without an identity service. Only the SHA-256 digests of the tokens are
 * known, and every digest is compared in constant time, whatever matches.
 */
final class StaticTokenVerifier implements TokenVerifier {

	private final List<Entry> entries;

	private final Clock clock;

	StaticTokenVerifier(List<IdentityProperties.StaticToken> tokens, Clock clock) {
		this.entries = tokens.stream().map(Entry::of).toList();
		this.clock = clock;
	}

	@Override
	public CallerIdentity verify(String token) {
		byte[] digest = TokenDigest.sha256(token);
		CallerIdentity match = null;
		for (Entry entry : this.entries) {
			// No early exit: the time taken must not tell which entry matched.
			if (MessageDigest.isEqual(entry.sha256(), digest)) {
				match = entry.identity();
			}
		}
		if (match == null) {
			throw new CredentialsRefusedException(ErrorCode.INVALID_TOKEN);
		}
		return match.unexpired(this.clock);
	}

	private record Entry(byte[] sha256, CallerIdentity identity) {

		static Entry of(IdentityProperties.StaticToken token) {
			@Nullable String name = token.userName();
			CallerIdentity identity = new CallerIdentity(token.userId(), (name != null) ? name : token.userId(),
					token.projectId(), token.roles(), token.expiresAt());
			return new Entry(HexFormat.of().parseHex(token.sha256()), identity);
		}

	}

}
