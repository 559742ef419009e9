package io.secretstage.identity;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the {@link TokenVerifier} from {@code csms.identity.verifier}.
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

	@Bean
	@ConditionalOnProperty(name = "csms.identity.verifier", havingValue = "static", matchIfMissing = true)
	TokenVerifier staticTokenVerifier(IdentityProperties properties) {
		return new StaticTokenVerifier(properties.staticTokens(), Clock.systemUTC());
	}

}
