package io.secretstage.crypto;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link EnvelopeCipher} over the configured master keys, and the {@link BlobCipher}
 * of backups built on it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CryptoProperties.class)
class CryptoConfiguration {

	@Bean
	EnvelopeCipher envelopeCipher(CryptoProperties properties) {
		return new EnvelopeCipher(properties);
	}

	@Bean
	BlobCipher blobCipher(EnvelopeCipher envelopeCipher) {
		return new BlobCipher(envelopeCipher);
	}

}
