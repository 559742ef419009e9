package io.secretstage.secret;

import java.util.UUID;

import com.huaweicloud.sdk.csms.v1.CsmsClient;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.DownloadSecretBlobRequest;
import com.huaweicloud.sdk.csms.v1.model.Secret;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.UploadSecretBlobRequest;
import com.huaweicloud.sdk.csms.v1.model.UploadSecretBlobRequestBody;
import io.secretstage.ApiTest;
import io.secretstage.SdkErrors;
import io.secretstage.TestTokens;
import io.secretstage.accesskey.TestAccessKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of DownloadSecretBlob and UploadSecretBlob through Huawei's official Java SDK
 * signing with an access key: the round trip, and each error the contract lists, as the
 * SDK's models read them.
 */
@ApiTest
class SecretBlobSdkTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	private CsmsClient csms;

	private String name;

	@BeforeEach
	void clientAndName() {
		this.jdbc.sql("delete from access_key where user_id in ('user-a', 'user-b', 'user-read-only')").update();
		this.csms = TestAccessKey.create(this.port, TOKEN_A, "user-a", PROJECT_A).client(this.port);
		this.name = "sdk-blob-" + UUID.randomUUID();
	}

	@Test
	void downloadThenDeleteThenUploadThenTheSecretBackWithItsIdVersionsAndStages() {
		Secret created = create("one");
		this.csms.createSecretVersion(new CreateSecretVersionRequest().withSecretName(this.name)
			.withBody(new CreateSecretVersionRequestBody().withSecretString("two")));

		String blob = download(this.csms);
		this.csms.deleteSecret(new DeleteSecretRequest().withSecretName(this.name));
		Secret restored = upload(this.csms, blob);

		assertThat(blob).startsWith("CSMSBK1.");
		assertThat(restored.getId()).isEqualTo(created.getId());
		assertThat(restored.getName()).isEqualTo(this.name);
		assertThat(restored.getState()).isEqualTo("ENABLED");
		assertThat(restored.getCreateTime()).isEqualTo(created.getCreateTime());
		assertThat(restored.getKmsKeyId()).isEqualTo(TestTokens.MASTER_KEY_ID);
		assertThat(restored.getScheduledDeleteTime()).isNull();
		assertThat(value("v1")).isEqualTo("one");
		assertThat(value("latest")).isEqualTo("two");
		assertThat(this.csms
			.showSecretStage(new ShowSecretStageRequest().withSecretName(this.name).withStageName("SYSPREVIOUS"))
			.getStage()
			.getVersionId()).isEqualTo("v1");
	}

	@Test
	void downloadOfASecretPendingDeletionThen200() {
		create("one");
		this.csms.deleteSecretForSchedule(new DeleteSecretForScheduleRequest().withSecretName(this.name)
			.withBody(new DeleteSecretForScheduleRequestBody().withRecoveryWindowInDays(7)));

		assertThat(download(this.csms)).startsWith("CSMSBK1.");
	}

	@Test
	void downloadOfAnUnknownSecretThen404() {
		SdkErrors.assertRefused(() -> download(this.csms), 404, "CSMS.0106");
	}

	@Test
	void uploadOfABlobThatDoesNotOpenThen400CSMS0905() {
		create("one");
		String blob = download(this.csms);
		this.csms.deleteSecret(new DeleteSecretRequest().withSecretName(this.name));
		CsmsClient otherProject = TestAccessKey.create(this.port, TOKEN_B, "user-b", TestTokens.PROJECT_B)
			.client(this.port);

		SdkErrors.assertRefused(() -> upload(this.csms, blob.substring(0, blob.length() - 2)), 400, "CSMS.0905");
		SdkErrors.assertRefused(() -> upload(this.csms, "CSMSBK9." + blob.substring(8)), 400, "CSMS.0905");
		SdkErrors.assertRefused(() -> upload(otherProject, blob), 400, "CSMS.0905");
		SdkErrors.assertRefused(() -> this.csms.showSecret(new ShowSecretRequest().withSecretName(this.name)), 404,
				"CSMS.0106");
	}

	@Test
	void uploadWithoutABlobThen400CSMS0002() {
		SdkErrors.assertRefused(() -> upload(this.csms, null), 400, "CSMS.0002");
	}

	@Test
	void uploadOverALiveSecretThen409AndOverOnePendingDeletionThen400CSMS0107() {
		create("one");
		String blob = download(this.csms);

		SdkErrors.assertRefused(() -> upload(this.csms, blob), 409, "CSMS.0409");
		this.csms.deleteSecretForSchedule(new DeleteSecretForScheduleRequest().withSecretName(this.name)
			.withBody(new DeleteSecretForScheduleRequestBody().withRecoveryWindowInDays(7)));
		SdkErrors.assertRefused(() -> upload(this.csms, blob), 400, "CSMS.0107");
	}

	@Test
	void aReadOnlyUsersKeyDownloadsButDoesNotUpload() {
		create("one");
		CsmsClient readOnly = TestAccessKey.create(this.port, READ_ONLY_TOKEN_A, "user-read-only", PROJECT_A)
			.client(this.port);

		String blob = download(readOnly);
		this.csms.deleteSecret(new DeleteSecretRequest().withSecretName(this.name));

		SdkErrors.assertRefused(() -> upload(readOnly, blob), 403, "CSMS.0302");
		assertThat(upload(this.csms, blob).getName()).isEqualTo(this.name);
	}

	private Secret create(String value) {
		return this.csms
			.createSecret(new CreateSecretRequest()
				.withBody(new CreateSecretRequestBody().withName(this.name).withSecretString(value)))
			.getSecret();
	}

	private String download(CsmsClient client) {
		return client.downloadSecretBlob(new DownloadSecretBlobRequest().withSecretName(this.name)).getSecretBlob();
	}

	private static Secret upload(CsmsClient client, @Nullable String blob) {
		return client
			.uploadSecretBlob(
					new UploadSecretBlobRequest().withBody(new UploadSecretBlobRequestBody().withSecretBlob(blob)))
			.getSecret();
	}

	private String value(String versionId) {
		return this.csms
			.showSecretVersion(new ShowSecretVersionRequest().withSecretName(this.name).withVersionId(versionId))
			.getVersion()
			.getSecretString();
	}

}
