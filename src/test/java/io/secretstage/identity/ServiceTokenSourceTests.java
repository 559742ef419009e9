package io.secretstage.identity;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.secretstage.error.ErrorCode;
import io.secretstage.system.Circuits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ServiceTokenSource} against {@link FakeKeystone}: the service's own
 * token is fetched once however many callers want it at once, and renewed once however
 * many callers saw it refused.
 */
class ServiceTokenSourceTests {

	private final FakeKeystone keystone = FakeKeystone.start();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ServiceTokenSource tokens = source(FakeKeystone.SERVICE_PASSWORD);

	@AfterEach
	void stop() {
		this.keystone.stop();
	}

	@Test
	void getWhenManyCallersAtOnceThenOneFetch() throws Exception {
		this.keystone.delay(Duration.ofMillis(300));

		List<String> seen = callConcurrently(this.tokens::get);

		assertThat(this.keystone.issues()).isEqualTo(1);
		assertThat(seen).containsOnly(seen.get(0));
		assertThat(this.keystone.serviceTokens()).containsExactly(seen.get(0));
		assertThat(this.meters.get("http.client.requests")
			.tag("method", "POST")
			.tag("uri", "/v3/auth/tokens?nocatalog=true")
			.tag("status", "201")
			.tag("outcome", "SUCCESS")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void renewWhenManyCallersSawTheSameTokenRefusedThenOneRenewal() throws Exception {
		String refused = this.tokens.get();
		this.keystone.delay(Duration.ofMillis(300));

		List<String> renewed = callConcurrently(() -> this.tokens.renew(refused));

		assertThat(this.keystone.issues()).isEqualTo(2);
		assertThat(renewed).containsOnly(renewed.get(0)).doesNotContain(refused);
		assertThat(this.tokens.get()).isEqualTo(renewed.get(0));
	}

	@Test
	void getWhenTheServiceCredentialsAreRefusedThenTheIdentityServiceAnsweredBadly() {
		ServiceTokenSource refused = source("wrong-password");

		assertThatExceptionOfType(CredentialsRefusedException.class).isThrownBy(refused::get)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.IAM_BAD_RESPONSE))
			.withMessageNotContaining("wrong-password");
	}

	private ServiceTokenSource source(String password) {
		IamProperties properties = new IamProperties(URI.create(this.keystone.baseUrl()), FakeKeystone.SERVICE_USER,
				password, "service-domain", "5e7f0000000000000000000000000001", null, Duration.ofSeconds(1),
				Duration.ofSeconds(2), new IamProperties.Cache(100, Duration.ofMinutes(5), Duration.ofSeconds(30)),
				new IamProperties.Circuit(5, Duration.ofSeconds(10)));
		// As Boot's builder does: the calls observed, and measured into the meters.
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		IamClient client = new IamClient(properties, RestClient.builder().observationRegistry(observations),
				JsonMapper.shared(), new Circuits(this.meters, Clock.systemUTC()).inARow("iam",
						properties.circuit().failures(), properties.circuit().openFor()));
		return new ServiceTokenSource(client, Clock.systemUTC());
	}

	private static List<String> callConcurrently(Callable<String> call) throws Exception {
		List<Future<String>> futures = new ArrayList<>();
		try (ExecutorService callers = Executors.newFixedThreadPool(20)) {
			for (int i = 0; i < 20; i++) {
				futures.add(callers.submit(call));
			}
		}
		List<String> results = new ArrayList<>();
		for (Future<String> future : futures) {
			results.add(future.get());
		}
		return results;
	}

}
