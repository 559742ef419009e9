package io.secretstage.accesskey;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.identity.SignatureVerifier;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The verification of signed requests, over the stored access keys and a cache of them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessKeyProperties.class)
class AccessKeyConfiguration {

	@Bean
	AccessKeyCache accessKeyCache(AccessKeyProperties properties, MeterRegistry meters) {
		return new AccessKeyCache(properties.cacheSize(), properties.cacheTtl(), meters);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	SignatureVerifier signatureVerifier(AccessKeyCache cache, AccessKeyService keys, AccessKeyProperties properties,
			Clock clock) {
		return new AccessKeySignatureVerifier(cache, keys, clock, properties.clockSkew());
	}

}
