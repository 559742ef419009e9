package io.secretstage.identity;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.secretstage.system.Circuits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IamProperties}: with the {@code iam} verifier chosen, a missing
 * setting stops the start and names the setting.
 */
class IamPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(IdentityConfiguration.class)
		.withBean(JsonMapper.class, JsonMapper::shared)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(Clock.class, Clock::systemUTC)
		.withBean(Ticker.class, Ticker::systemTicker)
		.withBean(RestClient.Builder.class, RestClient::builder)
		.withBean(Circuits.class, () -> new Circuits(new SimpleMeterRegistry(), Clock.systemUTC()))
		.withPropertyValues("csms.identity.verifier=iam", "csms.identity.iam.base-url=http://127.0.0.1:5000",
				"csms.identity.iam.username=svc", "csms.identity.iam.password=secret-password",
				"csms.identity.iam.user-domain=svc-domain", "csms.identity.iam.project-id=p1");

	@Test
	void startWhenAllSettingsGivenThenTheIamVerifierIsUsed() {
		this.contexts.run((context) -> assertThat(context).hasNotFailed()
			.getBean(TokenVerifier.class)
			.isInstanceOf(IamTokenVerifier.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "base-url", "username", "password", "user-domain" })
	void startWhenARequiredSettingIsMissingThenFailsNamingIt(String setting) {
		this.contexts.withPropertyValues("csms.identity.iam." + setting + "=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("set csms.identity.iam." + setting)
				.hasMessageNotContaining("secret-password"));
	}

	@Test
	void startWhenNoScopeChosenThenFailsNamingTheChoice() {
		this.contexts.withPropertyValues("csms.identity.iam.project-id=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("csms.identity.iam.project-id")
				.hasMessageContaining("csms.identity.iam.domain"));
	}

	@Test
	void startWhenStaticChosenThenIamSettingsAreNotRequired() {
		new ApplicationContextRunner().withUserConfiguration(IdentityConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(TokenVerifier.class)
				.isInstanceOf(StaticTokenVerifier.class));
	}

}
