package io.secretstage.accesskey;

import java.time.Duration;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signed requests and the access keys they are signed with.
 *
 * @param clockSkew how far a request's {@code X-Sdk-Date} may be from this server's
 * clock, either way (Huawei's gateway allows 15 minutes)
 * @param cacheTtl how long a verified key (with its secret key, unsealed) is kept in
 * memory; a deactivated or deleted key is dropped at once wherever it is kept
 * @param cacheSize how many keys are kept in memory at most
 */
@ConfigurationProperties("csms.access-keys")
@Validated
record AccessKeyProperties(@DefaultValue("15m") Duration clockSkew, @DefaultValue("5m") Duration cacheTtl,
		@DefaultValue("10000") @Positive long cacheSize) {

}
