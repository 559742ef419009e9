package io.secretstage.secret;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.huaweicloud.sdk.csms.v1.CsmsClient;
import com.huaweicloud.sdk.csms.v1.model.BatchImportSecretsRequest;
import com.huaweicloud.sdk.csms.v1.model.BatchImportSecretsResponse;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.ErrorInfo;
import com.huaweicloud.sdk.csms.v1.model.ImportSecretsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretVersionsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretsResponse;
import com.huaweicloud.sdk.csms.v1.model.RestoreSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.Secret;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretStageRequestBody;
import com.huaweicloud.sdk.csms.v1.model.UpdateVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateVersionRequestBody;
import com.huaweicloud.sdk.csms.v1.model.VersionMetadata;
import io.secretstage.ApiTest;
import io.secretstage.SdkErrors;
import io.secretstage.TestTokens;
import io.secretstage.accesskey.TestAccessKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the lifecycle operations (ListSecrets, UpdateSecret, UpdateVersion,
 * BatchImportSecrets, DeleteSecretForSchedule, RestoreSecret) and of the rules of a
 * secret pending deletion, through Huawei's official Java SDK signing with an access key,
 * as its models read the answers. Other tests keep secrets in the same project: each test
 * names its secrets with a prefix of its own and looks at those only.
 */
@ApiTest
class SecretLifecycleSdkTests {

	private static final long DAY = Duration.ofDays(1).toMillis();

	private static final long HOUR = Duration.ofHours(1).toMillis();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	private CsmsClient csms;

	private String prefix;

	@BeforeEach
	void clientAndPrefix() {
		this.jdbc.sql("delete from access_key where user_id = 'user-a'").update();
		this.csms = TestAccessKey.create(this.port, TOKEN_A, "user-a", PROJECT_A).client(this.port);
		this.prefix = "sdk-lifecycle-" + UUID.randomUUID();
	}

	@Test
	void listSecretsWithLimitAndMarkerThenPagesOfNamesInByteOrder() {
		// Listed in byte order: "-" < "0" < "A" < "_" < "a"; a locale's collation orders
		// them otherwise.
		List<String> names = Stream.of("-", "0", "A", "_", "a").map((suffix) -> this.prefix + "-" + suffix).toList();
		importAll(names.reversed());

		ListSecretsResponse first = list(this.prefix, "2");
		ListSecretsResponse second = list(first.getPageInfo().getNextMarker(), "2");
		ListSecretsResponse third = list(second.getPageInfo().getNextMarker(), "2");

		assertThat(first.getSecrets()).extracting(Secret::getName).containsExactly(names.get(0), names.get(1));
		assertThat(first.getPageInfo().getCurrentCount()).isEqualTo(2);
		assertThat(first.getPageInfo().getPreviousMarker()).isEqualTo(names.get(0));
		assertThat(first.getPageInfo().getNextMarker()).isEqualTo(names.get(1));
		assertThat(second.getSecrets()).extracting(Secret::getName).containsExactly(names.get(2), names.get(3));
		assertThat(second.getPageInfo().getPreviousMarker()).isEqualTo(names.get(2));
		assertThat(third.getSecrets()).first().extracting(Secret::getName).isEqualTo(names.get(4));
	}

	@Test
	void listSecretsPastTheLastNameThenAnEmptyPageWithoutMarkers() {
		create(this.prefix, "value");

		ListSecretsResponse page = list("z".repeat(64), "10");

		assertThat(page.getSecrets()).isEmpty();
		assertThat(page.getPageInfo().getCurrentCount()).isZero();
		assertThat(page.getPageInfo().getPreviousMarker()).isNull();
		assertThat(page.getPageInfo().getNextMarker()).isNull();
	}

	@Test
	void listSecretsSubscribedToAnEventThenNoneSinceNoEventExists() {
		create(this.prefix, "value");

		ListSecretsResponse page = this.csms.listSecrets(new ListSecretsRequest().withEventName("no-such-event"));

		assertThat(page.getSecrets()).isEmpty();
		assertThat(page.getPageInfo().getNextMarker()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "1001", "10000", "-1", "+5", "ten", "1.5" })
	void listSecretsWithAnInvalidLimitThen400(String limit) {
		SdkErrors.assertRefused(() -> list(null, limit), 400, "CSMS.0002");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a.b", "a b", "é" })
	void listSecretsWithAnInvalidMarkerOrEventNameThen400(String name) {
		SdkErrors.assertRefused(() -> list(name, "10"), 400, "CSMS.0002");
		SdkErrors.assertRefused(() -> this.csms.listSecrets(new ListSecretsRequest().withEventName(name)), 400,
				"CSMS.0002");
	}

	@Test
	void listSecretsThenEachSecretsMetadataAsTheSdkReadsIt() {
		Secret described = create(entry(this.prefix + "-1", "value").withDescription("database password")
			.withEnterpriseProjectId("ep-accounting"));
		Secret plain = create(this.prefix + "-2", "value");

		List<Secret> listed = list(this.prefix, "2").getSecrets();

		assertThat(listed).hasSize(2);
		Secret first = listed.get(0);
		assertThat(first.getId()).isEqualTo(described.getId());
		assertThat(first.getName()).isEqualTo(this.prefix + "-1");
		assertThat(first.getState()).isEqualTo("ENABLED");
		assertThat(first.getKmsKeyId()).isEqualTo(TestTokens.MASTER_KEY_ID);
		assertThat(first.getDescription()).isEqualTo("database password");
		assertThat(first.getCreateTime()).isEqualTo(described.getCreateTime()).isEqualTo(first.getUpdateTime());
		assertThat(first.getScheduledDeleteTime()).isNull();
		assertThat(first.getSecretType().getValue()).isEqualTo("COMMON");
		assertThat(first.getAutoRotation()).isFalse();
		assertThat(first.getEventSubscriptions()).isEmpty();
		assertThat(first.getEnterpriseProjectId()).isEqualTo("ep-accounting");
		assertThat(first.getRotationPeriod()).isNull();
		assertThat(listed.get(1).getId()).isEqualTo(plain.getId());
		assertThat(listed.get(1).getDescription()).isEmpty();
		assertThat(listed.get(1).getEnterpriseProjectId()).isEqualTo("0");
	}

	@Test
	void daprListsEveryPageUntilNoNextMarkerThenReadsEachValue() {
		// Every byte-order rank of the name's characters: "-" < digits < upper case < "_"
		// < lower case.
		List<String> names = IntStream.range(0, 250)
			.mapToObj((i) -> this.prefix + "-" + "-0A_a".charAt(i % 5) + i)
			.toList();
		for (int from = 0; from < names.size(); from += SecretImport.MAX_ENTRIES) {
			importAll(names.subList(from, Math.min(from + SecretImport.MAX_ENTRIES, names.size())));
		}

		List<String> listed = new ArrayList<>();
		String marker = null;
		do {
			ListSecretsResponse page = list(marker, "100");
			// A next_marker only when more follow: no page comes back empty.
			assertThat(page.getSecrets()).isNotEmpty().hasSizeLessThanOrEqualTo(100);
			assertThat(page.getPageInfo().getCurrentCount()).isEqualTo(page.getSecrets().size());
			page.getSecrets().forEach((secret) -> listed.add(secret.getName()));
			marker = page.getPageInfo().getNextMarker();
		}
		while (marker != null);

		List<String> mine = listed.stream().filter((name) -> name.startsWith(this.prefix)).toList();
		assertThat(mine).hasSize(250).doesNotHaveDuplicates().isSorted().containsExactlyInAnyOrderElementsOf(names);
		for (String name : names) {
			assertThat(value(name, "latest")).isEqualTo("value of " + name);
		}
	}

	@Test
	void createSecretWithAnEnterpriseProjectThenKeptAsGivenAndWithoutOneThen0() {
		Secret given = create(entry(this.prefix + "-1", "value").withEnterpriseProjectId("ep-accounting"));
		Secret defaulted = create(this.prefix + "-2", "value");

		assertThat(given.getEnterpriseProjectId()).isEqualTo("ep-accounting");
		assertThat(show(this.prefix + "-1").getEnterpriseProjectId()).isEqualTo("ep-accounting");
		assertThat(defaulted.getEnterpriseProjectId()).isEqualTo("0");
		assertThat(show(this.prefix + "-2").getEnterpriseProjectId()).isEqualTo("0");
		assertThat(given.getEventSubscriptions()).isEmpty();
	}

	@Test
	void createSecretSubscribedToAnEventThen404AndNoSecret() {
		SdkErrors.assertRefused(
				() -> create(entry(this.prefix, "value").withEventSubscriptions(List.of("expiry-alerts"))), 404,
				"CSMS.0005");

		SdkErrors.assertRefused(() -> show(this.prefix), 404, "CSMS.0106");
	}

	@Test
	void createSecretAskingForRotationOrOfADatabaseTypeThen400() {
		CreateSecretRequestBody rotating = entry(this.prefix, "value").withAutoRotation(true);
		CreateSecretRequestBody withPeriod = entry(this.prefix, "value").withRotationPeriod("30d");
		CreateSecretRequestBody database = entry(this.prefix, "value")
			.withSecretType(CreateSecretRequestBody.SecretTypeEnum.RDS_FG);

		for (CreateSecretRequestBody body : List.of(rotating, withPeriod, database)) {
			SdkErrors.assertRefused(() -> create(body), 400, "CSMS.0002");
		}
		SdkErrors.assertRefused(() -> show(this.prefix), 404, "CSMS.0106");
	}

	@Test
	void createSecretWithoutRotationThenAccepted() {
		Secret secret = create(entry(this.prefix, "value").withAutoRotation(false)
			.withRotationPeriod("")
			.withSecretType(CreateSecretRequestBody.SecretTypeEnum.COMMON));

		assertThat(secret.getAutoRotation()).isFalse();
		assertThat(secret.getRotationPeriod()).isNull();
	}

	@Test
	void updateSecretDescriptionThenChangedWithUpdateTimeNowAndTheValueAsItWas() {
		Secret created = create(this.prefix, "value");
		backdateAnHour(this.prefix);
		Instant before = Instant.now();

		Secret updated = updateSecret(new UpdateSecretRequestBody().withDescription("rotated by hand"));

		assertThat(updated.getId()).isEqualTo(created.getId());
		assertThat(updated.getDescription()).isEqualTo("rotated by hand");
		assertThat(updated.getCreateTime()).isEqualTo(created.getCreateTime() - HOUR);
		assertSetSince(updated.getUpdateTime(), before);
		assertThat(updated.getEventSubscriptions()).isEmpty();
		assertThat(show(this.prefix).getDescription()).isEqualTo("rotated by hand");
		assertThat(show(this.prefix).getUpdateTime()).isEqualTo(updated.getUpdateTime());
		assertThat(value(this.prefix, "latest")).isEqualTo("value");
		assertThat(this.csms
			.showSecretVersion(new ShowSecretVersionRequest().withSecretName(this.prefix).withVersionId("latest"))
			.getVersion()
			.getVersionMetadata()
			.getId()).isEqualTo("v1");
	}

	@Test
	void updateSecretDescriptionToEmptyThenCleared() {
		create(entry(this.prefix, "value").withDescription("old"));

		Secret updated = updateSecret(new UpdateSecretRequestBody().withDescription(""));

		assertThat(updated.getDescription()).isEmpty();
		assertThat(show(this.prefix).getDescription()).isEmpty();
	}

	@Test
	void updateSecretWithNothingGivenThenUnchanged() {
		create(entry(this.prefix, "value").withDescription("kept"));
		long updateTime = backdateAnHour(this.prefix);

		Secret updated = updateSecret(new UpdateSecretRequestBody());

		assertThat(updated.getDescription()).isEqualTo("kept");
		assertThat(updated.getUpdateTime()).isEqualTo(updateTime);
		assertThat(show(this.prefix).getUpdateTime()).isEqualTo(updateTime);
	}

	@Test
	void updateSecretWithTheMasterKeyHeldHereThen200() {
		create(this.prefix, "value");

		Secret updated = updateSecret(new UpdateSecretRequestBody().withKmsKeyId(TestTokens.MASTER_KEY_ID));

		assertThat(updated.getKmsKeyId()).isEqualTo(TestTokens.MASTER_KEY_ID);
	}

	@Test
	void updateSecretWithAMasterKeyNotHeldHereThen400AndUnchanged() {
		create(this.prefix, "value");

		SdkErrors.assertRefused(() -> updateSecret(new UpdateSecretRequestBody().withKmsKeyId("no-such-key")), 400,
				"CSMS.0401");

		assertThat(show(this.prefix).getKmsKeyId()).isEqualTo(TestTokens.MASTER_KEY_ID);
	}

	@Test
	void updateSecretSubscribingToAnEventThen404() {
		create(this.prefix, "value");

		SdkErrors.assertRefused(
				() -> updateSecret(new UpdateSecretRequestBody().withEventSubscriptions(List.of("expiry-alerts"))), 404,
				"CSMS.0005");
	}

	@Test
	void updateSecretWithNoEventOrAnEmptyNameThenNoSubscription() {
		create(this.prefix, "value");

		Secret none = updateSecret(new UpdateSecretRequestBody().withEventSubscriptions(List.of()));
		Secret empty = updateSecret(new UpdateSecretRequestBody().withEventSubscriptions(List.of("")));

		assertThat(none.getEventSubscriptions()).isEmpty();
		assertThat(empty.getEventSubscriptions()).isEmpty();
	}

	@Test
	void updateSecretAskingForRotationThen400() {
		create(this.prefix, "value");

		SdkErrors.assertRefused(() -> updateSecret(new UpdateSecretRequestBody().withAutoRotation(true)), 400,
				"CSMS.0002");
		SdkErrors.assertRefused(() -> updateSecret(new UpdateSecretRequestBody().withRotationPeriod("30d")), 400,
				"CSMS.0002");
		SdkErrors.assertRefused(() -> updateSecret(new UpdateSecretRequestBody().withRotationFuncUrn("urn:fss:f")), 400,
				"CSMS.0002");
		assertThat(updateSecret(new UpdateSecretRequestBody().withAutoRotation(false)).getAutoRotation()).isFalse();
	}

	@Test
	void updateSecretWithADescriptionOver2048CharactersThen400() {
		create(this.prefix, "value");

		SdkErrors.assertRefused(() -> updateSecret(new UpdateSecretRequestBody().withDescription("d".repeat(2049))),
				400, "CSMS.0002");
		assertThat(updateSecret(new UpdateSecretRequestBody().withDescription("d".repeat(2048))).getDescription())
			.hasSize(2048);
	}

	@Test
	void updateSecretOfAnUnknownSecretThen404() {
		SdkErrors.assertRefused(() -> updateSecret(new UpdateSecretRequestBody().withDescription("x")), 404,
				"CSMS.0106");
	}

	@Test
	void updateVersionLatestThenTheNewestVersionExpiresAtWholeSeconds() {
		create(this.prefix, "one");
		addVersion(this.prefix, "two");
		long asked = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toEpochMilli() + 789;

		VersionMetadata updated = updateVersion(this.prefix, "latest", asked);

		assertThat(updated.getId()).isEqualTo("v2");
		assertThat(updated.getExpireTime()).isEqualTo(asked - 789);
		assertThat(updated.getSecretName()).isEqualTo(this.prefix);
		assertThat(updated.getVersionStages()).containsExactly("SYSCURRENT");
		assertThat(expireTime(this.prefix, "v2")).isEqualTo(asked - 789);
		assertThat(expireTime(this.prefix, "v1")).isNull();
	}

	@Test
	void updateVersionByIdThenThatVersionOnly() {
		create(this.prefix, "one");
		addVersion(this.prefix, "two");
		long asked = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toEpochMilli();

		VersionMetadata updated = updateVersion(this.prefix, "v1", asked);

		assertThat(updated.getId()).isEqualTo("v1");
		assertThat(updated.getVersionStages()).containsExactly("SYSPREVIOUS");
		assertThat(expireTime(this.prefix, "v1")).isEqualTo(asked);
		assertThat(expireTime(this.prefix, "v2")).isNull();
		assertThat(this.csms.listSecretVersions(new ListSecretVersionsRequest().withSecretName(this.prefix))
			.getVersionMetadatas()).extracting(VersionMetadata::getExpireTime).containsExactly(asked, null);
	}

	@Test
	void updateVersionToATimeNotInTheFutureOrOutOfRangeThen400() {
		create(this.prefix, "value");
		long aMinuteAgo = Instant.now().minusSeconds(60).toEpochMilli();

		SdkErrors.assertRefused(() -> updateVersion(this.prefix, "latest", aMinuteAgo), 400, "CSMS.0002");
		SdkErrors.assertRefused(() -> updateVersion(this.prefix, "latest", 0), 400, "CSMS.0002");
		SdkErrors.assertRefused(() -> updateVersion(this.prefix, "latest", 10_000_000_000_000L), 400, "CSMS.0002");
		SdkErrors.assertRefused(() -> this.csms.updateVersion(new UpdateVersionRequest().withSecretName(this.prefix)
			.withVersionId("latest")
			.withBody(new UpdateVersionRequestBody())), 400, "CSMS.0002");
		assertThat(expireTime(this.prefix, "v1")).isNull();
	}

	@Test
	void updateVersionOfAnUnknownVersionOrSecretThen404() {
		create(this.prefix, "value");
		long tomorrow = Instant.now().plus(Duration.ofDays(1)).toEpochMilli();

		SdkErrors.assertRefused(() -> updateVersion(this.prefix, "v2", tomorrow), 404, "CSMS.0005");
		SdkErrors.assertRefused(() -> updateVersion(this.prefix + "-none", "latest", tomorrow), 404, "CSMS.0106");
	}

	@Test
	void batchImportThenTotalsAndEachFailureAsCreateSecretWouldAnswerIt() {
		create(this.prefix + "-live", "value");
		create(this.prefix + "-pending", "value");
		scheduleDeletion(this.prefix + "-pending", null);

		BatchImportSecretsResponse result = this.csms.batchImportSecrets(new BatchImportSecretsRequest()
			.withBody(new ImportSecretsRequest().withSecrets(List.of(entry(this.prefix + "-a", "first a"),
					entry(this.prefix + "-b", "b"), entry(this.prefix + "-a", "second a"),
					entry(this.prefix + "-live", "value"), entry(this.prefix + "-pending", "value"),
					new CreateSecretRequestBody().withSecretString("nameless"),
					entry(this.prefix + "-rotating", "value").withAutoRotation(true),
					entry(this.prefix + "-subscribed", "value").withEventSubscriptions(List.of("expiry-alerts"))))));

		assertThat(result.getTotal()).isEqualTo(8);
		assertThat(result.getSuccess()).isEqualTo(2);
		assertThat(result.getFailed()).isEqualTo(6);
		assertThat(result.getErrorList()).extracting(ErrorInfo::getName)
			.containsExactly(this.prefix + "-a", this.prefix + "-live", this.prefix + "-pending", "",
					this.prefix + "-rotating", this.prefix + "-subscribed");
		assertThat(result.getErrorList()).extracting(ErrorInfo::getErrorMsg)
			.satisfiesExactly((message) -> assertThat(message).startsWith("CSMS.0409: "),
					(message) -> assertThat(message).startsWith("CSMS.0409: "),
					(message) -> assertThat(message).startsWith("CSMS.0107: "),
					(message) -> assertThat(message).startsWith("CSMS.0002: ").contains("name"),
					(message) -> assertThat(message).startsWith("CSMS.0002: ").contains("auto_rotation"),
					(message) -> assertThat(message).startsWith("CSMS.0005: "));
		assertThat(value(this.prefix + "-a", "latest")).isEqualTo("first a");
		assertThat(value(this.prefix + "-b", "latest")).isEqualTo("b");
		assertThat(show(this.prefix + "-b").getEnterpriseProjectId()).isEqualTo("0");
		SdkErrors.assertRefused(() -> show(this.prefix + "-rotating"), 404, "CSMS.0106");
		SdkErrors.assertRefused(() -> show(this.prefix + "-subscribed"), 404, "CSMS.0106");
	}

	@Test
	void batchImportOfNoneOrMoreThan100EntriesThen400AndNothingMade() {
		List<CreateSecretRequestBody> entries = IntStream.range(0, 101)
			.mapToObj((i) -> entry(this.prefix + "-" + i, "value"))
			.toList();

		SdkErrors.assertRefused(
				() -> this.csms.batchImportSecrets(
						new BatchImportSecretsRequest().withBody(new ImportSecretsRequest().withSecrets(entries))),
				400, "CSMS.0002");
		SdkErrors.assertRefused(
				() -> this.csms.batchImportSecrets(
						new BatchImportSecretsRequest().withBody(new ImportSecretsRequest().withSecrets(List.of()))),
				400, "CSMS.0002");
		assertThat(list(this.prefix, "10").getSecrets()).extracting(Secret::getName)
			.noneMatch((name) -> name.startsWith(this.prefix));
	}

	@Test
	void deleteSecretForScheduleThenPendingUntilNowPlusTheWindow() {
		create(this.prefix, "value");
		backdateAnHour(this.prefix);
		Instant before = Instant.now();

		Secret pending = scheduleDeletion(this.prefix, 7);

		assertThat(pending.getState()).isEqualTo("PENDING_DELETE");
		assertSetSince(pending.getUpdateTime(), before);
		assertThat(pending.getScheduledDeleteTime()).isEqualTo(pending.getUpdateTime() + 7 * DAY);
		Secret shown = show(this.prefix);
		assertThat(shown.getState()).isEqualTo("PENDING_DELETE");
		assertThat(shown.getScheduledDeleteTime()).isEqualTo(pending.getScheduledDeleteTime());
	}

	@Test
	void deleteSecretForScheduleWithoutAWindowThen30Days() {
		create(this.prefix, "value");

		// The SDK always sends a body: {} when the window is not set.
		Secret pending = scheduleDeletion(this.prefix, null);

		assertThat(pending.getScheduledDeleteTime()).isEqualTo(pending.getUpdateTime() + 30 * DAY);
	}

	@Test
	void deleteSecretForScheduleWithAWindowOutside7To30DaysThen400() {
		create(this.prefix, "value");

		SdkErrors.assertRefused(() -> scheduleDeletion(this.prefix, 6), 400, "CSMS.0002");
		SdkErrors.assertRefused(() -> scheduleDeletion(this.prefix, 31), 400, "CSMS.0002");
		assertThat(show(this.prefix).getState()).isEqualTo("ENABLED");
	}

	@Test
	void deleteSecretForScheduleTwiceThen400AndTheFirstTimeKept() {
		create(this.prefix, "value");
		Secret pending = scheduleDeletion(this.prefix, 30);

		SdkErrors.assertRefused(() -> scheduleDeletion(this.prefix, 20), 400, "CSMS.0107");

		assertThat(show(this.prefix).getScheduledDeleteTime()).isEqualTo(pending.getScheduledDeleteTime());
	}

	@Test
	void deleteSecretForScheduleOfAnUnknownSecretThen404() {
		SdkErrors.assertRefused(() -> scheduleDeletion(this.prefix, 7), 404, "CSMS.0106");
	}

	@Test
	void restoreSecretThenEnabledWithItsValueAndStagesAsTheyWere() {
		Secret created = create(this.prefix, "one");
		addVersion(this.prefix, "two");
		scheduleDeletion(this.prefix, null);
		backdateAnHour(this.prefix);
		Instant before = Instant.now();

		Secret restored = this.csms.restoreSecret(new RestoreSecretRequest().withSecretName(this.prefix)).getSecret();

		assertThat(restored.getId()).isEqualTo(created.getId());
		assertThat(restored.getState()).isEqualTo("ENABLED");
		assertThat(restored.getScheduledDeleteTime()).isNull();
		assertSetSince(restored.getUpdateTime(), before);
		assertThat(show(this.prefix).getState()).isEqualTo("ENABLED");
		assertThat(value(this.prefix, "latest")).isEqualTo("two");
		assertThat(value(this.prefix, "v1")).isEqualTo("one");
		assertThat(stageVersion(this.prefix, "SYSCURRENT")).isEqualTo("v2");
		assertThat(stageVersion(this.prefix, "SYSPREVIOUS")).isEqualTo("v1");
	}

	@Test
	void restoreSecretNotPendingDeletionThen400() {
		create(this.prefix, "value");

		SdkErrors.assertRefused(() -> this.csms.restoreSecret(new RestoreSecretRequest().withSecretName(this.prefix)),
				400, "CSMS.0108");
	}

	@Test
	void restoreSecretOfAnUnknownSecretThen404() {
		SdkErrors.assertRefused(() -> this.csms.restoreSecret(new RestoreSecretRequest().withSecretName(this.prefix)),
				404, "CSMS.0106");
	}

	@Test
	void showSecretVersionOfASecretPendingDeletionThen400() {
		create(this.prefix, "value");
		scheduleDeletion(this.prefix, null);

		SdkErrors.assertRefused(() -> value(this.prefix, "latest"), 400, "CSMS.0103");
		SdkErrors.assertRefused(() -> value(this.prefix, "v1"), 400, "CSMS.0103");
	}

	@Test
	void metadataOfASecretPendingDeletionThenReadableAsPendingDelete() {
		String name = this.prefix + "-pending";
		create(name, "value");
		scheduleDeletion(name, null);

		assertThat(show(name).getState()).isEqualTo("PENDING_DELETE");
		assertThat(list(this.prefix, "1").getSecrets()).singleElement().satisfies((secret) -> {
			assertThat(secret.getName()).isEqualTo(name);
			assertThat(secret.getState()).isEqualTo("PENDING_DELETE");
			assertThat(secret.getScheduledDeleteTime()).isNotNull();
		});
		assertThat(this.csms.listSecretVersions(new ListSecretVersionsRequest().withSecretName(name))
			.getVersionMetadatas()).extracting(VersionMetadata::getId).containsExactly("v1");
		assertThat(stageVersion(name, "SYSCURRENT")).isEqualTo("v1");
	}

	@Test
	void writesToASecretPendingDeletionThen403() {
		create(this.prefix, "value");
		addVersion(this.prefix, "two");
		this.csms.updateSecretStage(new UpdateSecretStageRequest().withSecretName(this.prefix)
			.withStageName("mine")
			.withBody(new UpdateSecretStageRequestBody().withVersionId("v1")));
		scheduleDeletion(this.prefix, null);
		long tomorrow = Instant.now().plus(Duration.ofDays(1)).toEpochMilli();

		UpdateSecretStageRequest moveCurrent = new UpdateSecretStageRequest().withSecretName(this.prefix)
			.withStageName("SYSCURRENT")
			.withBody(new UpdateSecretStageRequestBody().withVersionId("v1"));
		DeleteSecretStageRequest deleteMine = new DeleteSecretStageRequest().withSecretName(this.prefix)
			.withStageName("mine");

		SdkErrors.assertRefused(() -> addVersion(this.prefix, "three"), 403, "CSMS.0109");
		SdkErrors.assertRefused(() -> this.csms.updateSecretStage(moveCurrent), 403, "CSMS.0109");
		SdkErrors.assertRefused(() -> this.csms.deleteSecretStage(deleteMine), 403, "CSMS.0109");
		SdkErrors.assertRefused(() -> updateSecret(new UpdateSecretRequestBody().withDescription("x")), 403,
				"CSMS.0109");
		SdkErrors.assertRefused(() -> updateSecret(new UpdateSecretRequestBody()), 403, "CSMS.0109");
		SdkErrors.assertRefused(() -> updateVersion(this.prefix, "latest", tomorrow), 403, "CSMS.0109");
		assertThat(this.csms.listSecretVersions(new ListSecretVersionsRequest().withSecretName(this.prefix))
			.getVersionMetadatas()).extracting(VersionMetadata::getExpireTime).containsOnlyNulls().hasSize(2);
		assertThat(stageVersion(this.prefix, "SYSCURRENT")).isEqualTo("v2");
		assertThat(stageVersion(this.prefix, "mine")).isEqualTo("v1");
		assertThat(show(this.prefix).getDescription()).isEmpty();
	}

	@Test
	void createSecretOfANameHeldByASecretPendingDeletionThen400() {
		Secret held = create(this.prefix, "value");
		scheduleDeletion(this.prefix, null);

		SdkErrors.assertRefused(() -> create(this.prefix, "other"), 400, "CSMS.0107");

		assertThat(show(this.prefix).getId()).isEqualTo(held.getId());
		assertThat(show(this.prefix).getState()).isEqualTo("PENDING_DELETE");
	}

	@Test
	void deleteSecretPendingDeletionThenGoneAtOnceAndItsNameFree() {
		Secret held = create(this.prefix, "value");
		scheduleDeletion(this.prefix, null);

		this.csms.deleteSecret(new DeleteSecretRequest().withSecretName(this.prefix));

		SdkErrors.assertRefused(() -> show(this.prefix), 404, "CSMS.0106");
		Secret again = create(this.prefix, "new value");
		assertThat(again.getId()).isNotEqualTo(held.getId());
		assertThat(again.getState()).isEqualTo("ENABLED");
		assertThat(value(this.prefix, "latest")).isEqualTo("new value");
	}

	private Secret create(String name, String value) {
		return create(entry(name, value));
	}

	private Secret create(CreateSecretRequestBody body) {
		return this.csms.createSecret(new CreateSecretRequest().withBody(body)).getSecret();
	}

	private static CreateSecretRequestBody entry(String name, String value) {
		return new CreateSecretRequestBody().withName(name).withSecretString(value);
	}

	/**
	 * Make secrets through BatchImportSecrets, each valued {@code "value of <name>"}.
	 */
	private void importAll(List<String> names) {
		BatchImportSecretsResponse result = this.csms
			.batchImportSecrets(new BatchImportSecretsRequest().withBody(new ImportSecretsRequest()
				.withSecrets(names.stream().map((name) -> entry(name, "value of " + name)).toList())));
		assertThat(result.getErrorList()).isEmpty();
		assertThat(result.getSuccess()).isEqualTo(names.size());
	}

	private void addVersion(String name, String value) {
		this.csms.createSecretVersion(new CreateSecretVersionRequest().withSecretName(name)
			.withBody(new CreateSecretVersionRequestBody().withSecretString(value)));
	}

	private Secret show(String name) {
		return this.csms.showSecret(new ShowSecretRequest().withSecretName(name)).getSecret();
	}

	private String value(String name, String versionId) {
		return this.csms.showSecretVersion(new ShowSecretVersionRequest().withSecretName(name).withVersionId(versionId))
			.getVersion()
			.getSecretString();
	}

	private @Nullable Long expireTime(String name, String versionId) {
		return this.csms.showSecretVersion(new ShowSecretVersionRequest().withSecretName(name).withVersionId(versionId))
			.getVersion()
			.getVersionMetadata()
			.getExpireTime();
	}

	private String stageVersion(String name, String stage) {
		return this.csms.showSecretStage(new ShowSecretStageRequest().withSecretName(name).withStageName(stage))
			.getStage()
			.getVersionId();
	}

	private ListSecretsResponse list(@Nullable String marker, String limit) {
		return this.csms.listSecrets(new ListSecretsRequest().withMarker(marker).withLimit(limit));
	}

	private Secret updateSecret(UpdateSecretRequestBody body) {
		return this.csms.updateSecret(new UpdateSecretRequest().withSecretName(this.prefix).withBody(body)).getSecret();
	}

	private VersionMetadata updateVersion(String name, String versionId, long expireTime) {
		return this.csms
			.updateVersion(new UpdateVersionRequest().withSecretName(name)
				.withVersionId(versionId)
				.withBody(new UpdateVersionRequestBody().withExpireTime(expireTime)))
			.getVersionMetadata();
	}

	/**
	 * DeleteSecretForSchedule.
	 * @param days the recovery window, or {@code null} for a body without one
	 */
	private Secret scheduleDeletion(String name, @Nullable Integer days) {
		return this.csms
			.deleteSecretForSchedule(new DeleteSecretForScheduleRequest().withSecretName(name)
				.withBody(new DeleteSecretForScheduleRequestBody().withRecoveryWindowInDays(days)))
			.getSecret();
	}

	/**
	 * Move a secret's creation and last change an hour back in the database, so that a
	 * change made now shows in its {@code update_time} whatever second it was made in.
	 * @return its {@code update_time} now, in epoch milliseconds
	 */
	private long backdateAnHour(String name) {
		return this.jdbc
			.sql("""
					update secret set create_time = create_time - interval '1 hour', update_time = update_time - interval '1 hour'
					where project_id = ? and name = ? returning update_time""")
			.params(PROJECT_A, name)
			.query(Timestamp.class)
			.single()
			.getTime();
	}

	/**
	 * Assert a time the service set during a call begun at {@code before}: now, in whole
	 * seconds.
	 */
	private static void assertSetSince(long time, Instant before) {
		assertThat(time % 1000).isZero();
		assertThat(time).isBetween(before.truncatedTo(ChronoUnit.SECONDS).toEpochMilli(), Instant.now().toEpochMilli());
	}

}
