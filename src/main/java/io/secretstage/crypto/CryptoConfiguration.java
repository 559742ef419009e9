package io.secretstage.crypto;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link EnvelopeCipher} over the configured master keys.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CryptoProperties.class)
class CryptoConfiguration {

	@Bean
	EnvelopeCipher envelopeCipher(CryptoProperties properties) {
		return new EnvelopeCipher(properties);
	}

}
