package io.secretstage.secret;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.huaweicloud.sdk.csms.v1.CsmsClient;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequestBody;
import com.huaweicloud.sdk.csms.v1.model.ListSecretsRequest;
import com.huaweicloud.sdk.csms.v1.model.RestoreSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.Secret;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.UpdateVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateVersionRequestBody;
import com.huaweicloud.sdk.csms.v1.model.Version;
import com.huaweicloud.sdk.csms.v1.model.VersionMetadata;
import io.secretstage.SdkErrors;
import io.secretstage.TestClock;
import io.secretstage.accesskey.TestAccessKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the calls Terraform's {@code huaweicloud_csms_secret} makes over a secret's
 * life, through Huawei's official Java SDK: create with a description, update the
 * description and the event subscription, set the expiry of the latest version, find the
 * secret by listing with the last name seen as marker until a page comes back empty,
 * schedule its deletion, restore it, schedule it again and let the recovery window pass.
 * The service's clock is moved over the window, never waited for; it stands still
 * otherwise, so the times the service sets are read off it exactly.
 */
@MovedClockApiTest
class TerraformFlowSdkTests {

	private static final Duration PAST_THE_WINDOW = Duration.ofDays(7).plusSeconds(1);

	@LocalServerPort
	private int port;

	@Autowired
	private TestClock clock;

	@Autowired
	private SecretPurge purge;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

	private CsmsClient csms;

	private String name;

	@BeforeEach
	void clientAndName() {
		this.jdbc.sql("delete from access_key where user_id = 'user-a'").update();
		this.csms = TestAccessKey.create(this.port, TOKEN_A, "user-a", PROJECT_A).client(this.port);
		this.name = "terraform-" + UUID.randomUUID();
	}

	@Test
	void createUpdateAndExpireThenTheListLoopFindsTheSecretAsSet() {
		Secret created = create("managed by terraform");
		this.clock.advance(Duration.ofSeconds(1));

		Secret updated = this.csms
			.updateSecret(new UpdateSecretRequest().withSecretName(this.name)
				.withBody(new UpdateSecretRequestBody().withDescription("changed by terraform")
					.withEventSubscriptions(List.of())))
			.getSecret();
		long asked = now() + Duration.ofDays(90).toMillis() + 456;
		VersionMetadata expiring = this.csms
			.updateVersion(new UpdateVersionRequest().withSecretName(this.name)
				.withVersionId("latest")
				.withBody(new UpdateVersionRequestBody().withExpireTime(asked)))
			.getVersionMetadata();

		assertThat(created.getCreateTime()).isEqualTo(now() - 1000);
		assertThat(updated.getDescription()).isEqualTo("changed by terraform");
		assertThat(updated.getEventSubscriptions()).isEmpty();
		assertThat(updated.getUpdateTime()).isEqualTo(now());
		assertThat(updated.getCreateTime()).isEqualTo(created.getCreateTime());
		assertThat(expiring.getId()).isEqualTo("v1");
		assertThat(expiring.getExpireTime()).isEqualTo(asked - 456);
		assertThat(listAsTerraformDoes()).filteredOn((secret) -> secret.getName().equals(this.name))
			.singleElement()
			.satisfies((secret) -> {
				assertThat(secret.getId()).isEqualTo(created.getId());
				assertThat(secret.getState()).isEqualTo("ENABLED");
				assertThat(secret.getDescription()).isEqualTo("changed by terraform");
				assertThat(secret.getUpdateTime()).isEqualTo(updated.getUpdateTime());
				assertThat(secret.getScheduledDeleteTime()).isNull();
				assertThat(secret.getEventSubscriptions()).isEmpty();
				assertThat(secret.getEnterpriseProjectId()).isEqualTo("0");
			});
		Version latest = this.csms
			.showSecretVersion(new ShowSecretVersionRequest().withSecretName(this.name).withVersionId("latest"))
			.getVersion();
		assertThat(latest.getSecretString()).isEqualTo("value");
		assertThat(latest.getVersionMetadata().getExpireTime()).isEqualTo(asked - 456);
	}

	@Test
	void scheduleRestoreAndScheduleAgainThenGoneForReadsOnceTheWindowEndsBeforeAnyPurge() {
		create("managed by terraform");
		long weekLater = now() + Duration.ofDays(7).toMillis();

		Secret pending = scheduleDeletion();
		Secret restored = this.csms.restoreSecret(new RestoreSecretRequest().withSecretName(this.name)).getSecret();
		Secret pendingAgain = scheduleDeletion();
		this.clock.advance(PAST_THE_WINDOW);

		assertThat(pending.getState()).isEqualTo("PENDING_DELETE");
		assertThat(pending.getScheduledDeleteTime()).isEqualTo(weekLater);
		assertThat(restored.getState()).isEqualTo("ENABLED");
		assertThat(restored.getScheduledDeleteTime()).isNull();
		assertThat(pendingAgain.getState()).isEqualTo("PENDING_DELETE");
		assertThat(pendingAgain.getScheduledDeleteTime()).isEqualTo(weekLater);
		// The purge skips a row that another transaction has locked: while this one holds
		// the secret's row, the secret is there and cannot be purged.
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			assertThat(this.jdbc.sql("select id from secret where project_id = ? and name = ? for update")
				.params(PROJECT_A, this.name)
				.query(Long.class)
				.list()).hasSize(1);
			SdkErrors.assertRefused(() -> this.csms.showSecret(new ShowSecretRequest().withSecretName(this.name)), 404,
					"CSMS.0106");
			SdkErrors.assertRefused(
					() -> this.csms.showSecretStage(
							new ShowSecretStageRequest().withSecretName(this.name).withStageName("SYSCURRENT")),
					404, "CSMS.0106");
			SdkErrors.assertRefused(
					() -> this.csms.showSecretVersion(
							new ShowSecretVersionRequest().withSecretName(this.name).withVersionId("latest")),
					404, "CSMS.0106");
			assertThat(listAsTerraformDoes()).extracting(Secret::getName).doesNotContain(this.name);
		});
	}

	@Test
	void purgeOnceTheWindowEndsThenItsRowsGoneOneAuditRowAndTheNameFreeForANewSecret() {
		Secret old = create("managed by terraform");
		long id = this.jdbc.sql("select id from secret where project_id = ? and name = ?")
			.params(PROJECT_A, this.name)
			.query(Long.class)
			.single();
		scheduleDeletion();
		this.clock.advance(PAST_THE_WINDOW);

		this.purge.purgeDue();

		assertThat(count("select count(*) from secret where id = ?", id)).isZero();
		assertThat(count("select count(*) from secret_version where secret_id = ?", id)).isZero();
		assertThat(count("select count(*) from secret_stage where secret_id = ?", id)).isZero();
		assertThat(this.jdbc.sql("""
				select user_id from audit_event
				where project_id = ? and secret_name = ? and operation = 'PurgeSecret'""")
			.params(PROJECT_A, this.name)
			.query(String.class)
			.list()).containsExactly(SecretWrites.PURGER.userId());
		Secret again = create("made again");
		assertThat(again.getId()).isNotEqualTo(old.getId());
		assertThat(again.getState()).isEqualTo("ENABLED");
		assertThat(again.getCreateTime()).isEqualTo(now());
	}

	private Secret create(String description) {
		return this.csms
			.createSecret(new CreateSecretRequest().withBody(new CreateSecretRequestBody().withName(this.name)
				.withSecretString("value")
				.withDescription(description)))
			.getSecret();
	}

	private Secret scheduleDeletion() {
		return this.csms
			.deleteSecretForSchedule(new DeleteSecretForScheduleRequest().withSecretName(this.name)
				.withBody(new DeleteSecretForScheduleRequestBody().withRecoveryWindowInDays(7)))
			.getSecret();
	}

	/**
	 * Every secret of the project as Terraform lists them: with the last name seen as
	 * marker, until a page comes back empty.
	 */
	private List<Secret> listAsTerraformDoes() {
		List<Secret> all = new ArrayList<>();
		List<Secret> page = this.csms.listSecrets(new ListSecretsRequest()).getSecrets();
		while (!page.isEmpty()) {
			all.addAll(page);
			String last = page.get(page.size() - 1).getName();
			page = this.csms.listSecrets(new ListSecretsRequest().withMarker(last)).getSecrets();
		}
		return all;
	}

	/** The service's time now, in epoch milliseconds to the second, as it sets times. */
	private long now() {
		return this.clock.instant().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
	}

	private long count(String sql, long id) {
		return this.jdbc.sql(sql).params(id).query(Long.class).single();
	}

}
