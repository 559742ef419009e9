package io.secretstage.accesskey;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.database.Freshness;
import io.secretstage.http.ForwardedRequests;
import io.secretstage.identity.SignatureVerifier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The verification of signed requests, over the stored access keys and a cache of them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessKeyProperties.class)
class AccessKeyConfiguration {

	/**
	 * The cache of access keys: through a database outage it answers as long as the stage
	 * cache does ({@code csms.stage-cache.max-stale}), so that signed reads keep working
	 * as token reads do.
	 * @param properties the cache's size and time to live
	 * @param meters where the cache's metrics go
	 * @param maxStale how long the cache may answer after the database's announcements
	 * stopped
	 * @param ticker the time its entries live by
	 * @return the cache
	 */
	@Bean
	AccessKeyCache accessKeyCache(AccessKeyProperties properties, MeterRegistry meters,
			@Value("${csms.stage-cache.max-stale:60s}") Duration maxStale, Ticker ticker) {
		return new AccessKeyCache(properties.cacheSize(), properties.cacheTtl(),
				new Freshness("csms.access-keys", maxStale, ticker, meters), ticker, meters);
	}

	@Bean
	SignatureVerifier signatureVerifier(AccessKeyCache cache, AccessKeyService keys, AccessKeyProperties properties,
			Clock clock, ForwardedRequests forwarded) {
		return new AccessKeySignatureVerifier(cache, keys, clock, properties.clockSkew(), forwarded);
	}

}
