package io.secretstage.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.huaweicloud.sdk.csms.v1.CsmsClient;
import com.huaweicloud.sdk.csms.v1.model.ActionResources;
import com.huaweicloud.sdk.csms.v1.model.BatchCreateOrDeleteTagsRequest;
import com.huaweicloud.sdk.csms.v1.model.BatchCreateOrDeleteTagsRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretTagRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretTagRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretTagRequest;
import com.huaweicloud.sdk.csms.v1.model.ListProjectSecretsTagsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListResourceInstancesRequest;
import com.huaweicloud.sdk.csms.v1.model.ListResourceInstancesRequestBody;
import com.huaweicloud.sdk.csms.v1.model.ListResourceInstancesResponse;
import com.huaweicloud.sdk.csms.v1.model.ListSecretTagsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretTagsResponse;
import com.huaweicloud.sdk.csms.v1.model.Secret;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.Tag;
import com.huaweicloud.sdk.csms.v1.model.TagItem;
import com.huaweicloud.sdk.csms.v1.model.TagMatches;
import com.huaweicloud.sdk.csms.v1.model.TagResponse;
import io.secretstage.ApiTest;
import io.secretstage.SdkErrors;
import io.secretstage.accesskey.TestAccessKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.PROJECT_B;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests of the tag operations and ListResourceInstances through Huawei's official Java
 * SDK, signing with an access key, as its models read the answers: each operation's
 * success and each of its errors, and the calls Terraform makes for tags
 * ({@code huaweicloud_csms_secret} writes them on create and replaces the set by a delete
 * and a create, reads them back; {@code huaweicloud_csms_secrets_by_tags} searches with
 * offset paging until a short page).
 */
@ApiTest
class SecretTagSdkTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	private CsmsClient csms;

	private String prefix;

	@BeforeEach
	void clientAndPrefix() {
		this.jdbc.sql("delete from access_key where user_id in ('user-a', 'user-read-only', 'user-b')").update();
		this.csms = TestAccessKey.create(this.port, TOKEN_A, "user-a", PROJECT_A).client(this.port);
		this.prefix = "sdk-tags-" + UUID.randomUUID();
	}

	@Test
	void everyTagOperationThenTheAnswersAsTheSdkReadsThem() {
		String id = create(this.prefix).getId();

		this.csms.createSecretTag(new CreateSecretTagRequest().withSecretId(id)
			.withBody(
					new CreateSecretTagRequestBody().withTag(new TagItem().withKey("环境 приложение").withValue("生产"))));
		this.csms.batchCreateOrDeleteTags(new BatchCreateOrDeleteTagsRequest().withSecretId(id)
			.withBody(new BatchCreateOrDeleteTagsRequestBody().withAction("create")
				.withTags(List.of(new TagItem().withKey("env").withValue("prod"),
						new TagItem().withKey("owner").withValue("team-a")))
				.withSequence(UUID.randomUUID().toString())));
		this.csms.deleteSecretTag(new DeleteSecretTagRequest().withSecretId(id).withKey("owner"));
		ListSecretTagsResponse tags = this.csms.listSecretTags(new ListSecretTagsRequest().withSecretId(id));
		List<TagResponse> projectTags = this.csms.listProjectSecretsTags(new ListProjectSecretsTagsRequest()).getTags();

		assertThat(tags.getHttpStatusCode()).isEqualTo(200);
		assertThat(tags.getTags()).extracting(TagItem::getKey, TagItem::getValue)
			.containsExactly(tuple("env", "prod"), tuple("环境 приложение", "生产"));
		assertThat(tags.getSysTags()).isEmpty();
		assertThat(projectTags).filteredOn((tag) -> tag.getKey().equals("环境 приложение"))
			.singleElement()
			.satisfies((tag) -> assertThat(tag.getValues()).contains("生产"));
		this.csms.deleteSecretTag(new DeleteSecretTagRequest().withSecretId(id).withKey("环境 приложение"));
		assertThat(this.csms.listSecretTags(new ListSecretTagsRequest().withSecretId(id)).getTags())
			.extracting(TagItem::getKey)
			.containsExactly("env");
	}

	@Test
	void everyTagOperationsErrorsThenClientRequestExceptions() {
		String id = create(this.prefix).getId();
		String unknown = UUID.randomUUID().toString();
		String theirs = TestAccessKey.create(this.port, TOKEN_B, "user-b", PROJECT_B)
			.client(this.port)
			.createSecret(new CreateSecretRequest()
				.withBody(new CreateSecretRequestBody().withName(this.prefix).withSecretString("b")))
			.getSecret()
			.getId();
		CsmsClient readOnly = TestAccessKey.create(this.port, READ_ONLY_TOKEN_A, "user-read-only", PROJECT_A)
			.client(this.port);

		for (String missing : List.of(unknown, theirs)) {
			SdkErrors.assertRefused(() -> this.csms.listSecretTags(new ListSecretTagsRequest().withSecretId(missing)),
					404, "CSMS.0106");
			SdkErrors.assertRefused(() -> this.csms.createSecretTag(createTag(missing, "env")), 404, "CSMS.0106");
			SdkErrors.assertRefused(
					() -> this.csms.deleteSecretTag(new DeleteSecretTagRequest().withSecretId(missing).withKey("env")),
					404, "CSMS.0106");
			SdkErrors.assertRefused(() -> this.csms.batchCreateOrDeleteTags(batch(missing, "delete", "env")), 404,
					"CSMS.0106");
		}
		SdkErrors.assertRefused(() -> this.csms.createSecretTag(createTag(id, "_sys_env")), 400, "CSMS.0002");
		SdkErrors.assertRefused(() -> this.csms.batchCreateOrDeleteTags(batch(id, "replace", "env")), 400, "CSMS.0002");
		SdkErrors.assertRefused(() -> this.csms.createSecretTag(createTag("not-an-id", "env")), 400, "CSMS.0002");
		SdkErrors.assertRefused(
				() -> this.csms.deleteSecretTag(new DeleteSecretTagRequest().withSecretId(id).withKey("absent")), 404,
				"CSMS.0005");
		SdkErrors.assertRefused(() -> readOnly.createSecretTag(createTag(id, "env")), 403, "CSMS.0302");
		List<String> twenty = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			twenty.add("k" + i);
		}
		this.csms.batchCreateOrDeleteTags(batch(id, "create", twenty.toArray(String[]::new)));
		SdkErrors.assertRefused(() -> this.csms.createSecretTag(createTag(id, "k20")), 400, "CSMS.0904");
		this.csms.deleteSecretForSchedule(new DeleteSecretForScheduleRequest().withSecretName(this.prefix)
			.withBody(new DeleteSecretForScheduleRequestBody().withRecoveryWindowInDays(7)));
		SdkErrors.assertRefused(() -> this.csms.createSecretTag(createTag(id, "k0")), 403, "CSMS.0109");
		SdkErrors.assertRefused(() -> this.csms.batchCreateOrDeleteTags(batch(id, "delete", "k0")), 403, "CSMS.0109");
		SdkErrors.assertRefused(
				() -> this.csms.deleteSecretTag(new DeleteSecretTagRequest().withSecretId(id).withKey("k0")), 403,
				"CSMS.0109");
		assertThat(readOnly.listSecretTags(new ListSecretTagsRequest().withSecretId(id)).getTags()).hasSize(20);
	}

	@Test
	void listResourceInstancesThenTheSdkReadsPagesCountsAndErrors() {
		String marker = this.prefix + "-marker";
		Secret first = create(this.prefix + "-1");
		create(this.prefix + "-2");
		this.csms.batchCreateOrDeleteTags(batch(first.getId(), "create", marker, "env"));

		ListResourceInstancesResponse page = this.csms.listResourceInstances(search("filter", "10", "0", List
			.of(new Tag().withKey(marker).withValues(List.of()), new Tag().withKey("env").withValues(List.of("")))));
		ListResourceInstancesResponse count = this.csms
			.listResourceInstances(search("count", null, null, List.of(new Tag().withKey(marker))));

		assertThat(page.getTotalCount()).isEqualTo(1);
		ActionResources found = page.getResources().getFirst();
		assertThat(found.getResourceId()).isEqualTo(first.getId());
		assertThat(found.getResourceName()).isEqualTo(this.prefix + "-1");
		assertThat(found.getResourceDetail())
			.isEqualTo(this.csms.showSecret(new ShowSecretRequest().withSecretName(this.prefix + "-1")).getSecret());
		assertThat(found.getTags()).extracting(TagItem::getKey).containsExactly("env", marker);
		assertThat(found.getSysTags()).isEmpty();
		assertThat(count.getTotalCount()).isEqualTo(1);
		assertThat(count.getResources()).isNull();
		SdkErrors.assertRefused(() -> this.csms.listResourceInstances(search("filter", "0", "0", List.of())), 400,
				"CSMS.0002");
		SdkErrors.assertRefused(() -> this.csms.listResourceInstances(search("list", null, null, List.of())), 400,
				"CSMS.0002");
		SdkErrors.assertRefused(() -> this.csms
			.listResourceInstances(new ListResourceInstancesRequest().withResourceInstances("instances")
				.withBody(new ListResourceInstancesRequestBody().withAction("count"))), 404, "APIGW.0101");
	}

	@Test
	void terraformTagFlowThenTheSetReplacedAndFoundByTagsPageByPage() {
		String marker = this.prefix + "-tf";
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			String id = create(this.prefix + "-" + i).getId();
			// Terraform's create: the tags in one batch.
			this.csms.batchCreateOrDeleteTags(new BatchCreateOrDeleteTagsRequest().withSecretId(id)
				.withBody(new BatchCreateOrDeleteTagsRequestBody().withAction("create")
					.withTags(List.of(new TagItem().withKey(marker).withValue("managed"),
							new TagItem().withKey("env").withValue((i % 2 == 0) ? "prod" : "dev"),
							new TagItem().withKey("owner").withValue("team-" + i)))));
			ids.add(id);
		}
		// Terraform's update: the old set deleted, then the new one created.
		String changed = ids.get(1);
		List<TagItem> old = this.csms.listSecretTags(new ListSecretTagsRequest().withSecretId(changed)).getTags();
		this.csms.batchCreateOrDeleteTags(new BatchCreateOrDeleteTagsRequest().withSecretId(changed)
			.withBody(new BatchCreateOrDeleteTagsRequestBody().withAction("delete").withTags(old)));
		this.csms.batchCreateOrDeleteTags(new BatchCreateOrDeleteTagsRequest().withSecretId(changed)
			.withBody(new BatchCreateOrDeleteTagsRequestBody().withAction("create")
				.withTags(List.of(new TagItem().withKey(marker).withValue("managed"),
						new TagItem().withKey("env").withValue("prod"), new TagItem().withKey("tier").withValue("")))));

		assertThat(this.csms.listSecretTags(new ListSecretTagsRequest().withSecretId(changed)).getTags())
			.extracting(TagItem::getKey, TagItem::getValue)
			.containsExactly(tuple("env", "prod"), tuple(marker, "managed"), tuple("tier", ""));
		// The data source: offset grows by the page size until a page comes back short.
		List<String> found = new ArrayList<>();
		int offset = 0;
		while (true) {
			ListResourceInstancesResponse page = this.csms.listResourceInstances(search("filter", "2",
					String.valueOf(offset), List.of(new Tag().withKey(marker).withValues(List.of("managed")),
							new Tag().withKey("env").withValues(List.of("prod")))));
			assertThat(page.getTotalCount()).isEqualTo(5);
			page.getResources().forEach((resource) -> found.add(resource.getResourceId()));
			if (page.getResources().size() < 2) {
				break;
			}
			offset += 2;
		}
		assertThat(found).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(4), ids.get(6));
	}

	private Secret create(String name) {
		return this.csms
			.createSecret(new CreateSecretRequest()
				.withBody(new CreateSecretRequestBody().withName(name).withSecretString("value")))
			.getSecret();
	}

	private static CreateSecretTagRequest createTag(String id, String key) {
		return new CreateSecretTagRequest().withSecretId(id)
			.withBody(new CreateSecretTagRequestBody().withTag(new TagItem().withKey(key).withValue("v")));
	}

	private static BatchCreateOrDeleteTagsRequest batch(String id, String action, String... keys) {
		List<TagItem> tags = new ArrayList<>();
		for (String key : keys) {
			tags.add(new TagItem().withKey(key));
		}
		return new BatchCreateOrDeleteTagsRequest().withSecretId(id)
			.withBody(new BatchCreateOrDeleteTagsRequestBody().withAction(action).withTags(tags));
	}

	private static ListResourceInstancesRequest search(String action, String limit, String offset, List<Tag> tags) {
		return new ListResourceInstancesRequest().withResourceInstances("resource_instances")
			.withBody(new ListResourceInstancesRequestBody().withAction(action)
				.withLimit(limit)
				.withOffset(offset)
				.withTags(tags)
				.withMatches(List.<TagMatches>of()));
	}

}
