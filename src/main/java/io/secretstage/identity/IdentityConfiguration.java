package io.secretstage.identity;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.system.Circuits;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Chooses the {@link TokenVerifier} from {@code csms.identity.verifier}: {@code static}
 * (the default) or {@code iam}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class IdentityConfiguration {

	@Bean
	AccessPolicy accessPolicy(IdentityProperties properties) {
		return new AccessPolicy(properties.requiredRoles());
	}

	@Bean
	@ConditionalOnProperty(name = "csms.identity.verifier", havingValue = "static", matchIfMissing = true)
	TokenVerifier staticTokenVerifier(IdentityProperties properties) {
		return new StaticTokenVerifier(properties.staticTokens(), Clock.systemUTC());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "csms.identity.verifier", havingValue = "iam")
	@EnableConfigurationProperties(IamProperties.class)
	static class IamConfiguration {

		@Bean
		CircuitBreaker iamCircuitBreaker(IamProperties properties, Circuits circuits) {
			return circuits.inARow("iam", properties.circuit().failures(), properties.circuit().openFor());
		}

		/**
		 * Readiness: down while the circuit to the identity service is open; up again
		 * once the time open is over, so that traffic comes to try it.
		 * @param iamCircuitBreaker the circuit to the identity service
		 * @param circuits tells whether the circuit still holds calls back, by the
		 * service's clock
		 * @return the indicator, with the circuit's state as detail
		 */
		@Bean
		HealthIndicator iamHealthIndicator(CircuitBreaker iamCircuitBreaker, Circuits circuits) {
			return () -> (circuits.holdsCallsBack(iamCircuitBreaker) ? Health.down() : Health.up())
				.withDetail("circuit", iamCircuitBreaker.getState())
				.build();
		}

		/**
		 * The verifier of callers' tokens at the identity service.
		 * @param properties the identity service and the service's account there
		 * @param restClient the builder of clients Boot configures, which observes each
		 * call as {@code http.client.requests}
		 * @param json reads and writes the identity service's bodies
		 * @param meters where the cache of verified tokens is measured
		 * @param iamCircuitBreaker the circuit to the identity service
		 * @param clock the service's clock
		 * @param ticker the cache's clock
		 * @return the verifier
		 */
		@Bean
		TokenVerifier iamTokenVerifier(IamProperties properties, RestClient.Builder restClient, JsonMapper json,
				MeterRegistry meters, CircuitBreaker iamCircuitBreaker, Clock clock, Ticker ticker) {
			IamClient client = new IamClient(properties, restClient, json, iamCircuitBreaker);
			return new IamTokenVerifier(client, new ServiceTokenSource(client, clock), properties.cache(), meters,
					clock, ticker);
		}

	}

}
