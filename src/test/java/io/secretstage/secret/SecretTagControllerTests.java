package io.secretstage.secret;

import java.util.List;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.ApiWebMvcTest;
import io.secretstage.web.SecretId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.secretstage.ApiSlices.NO_PERMISSION;
import static io.secretstage.ApiSlices.USER_A;
import static io.secretstage.ApiSlices.assertAnswer;
import static io.secretstage.ApiSlices.assertError;
import static io.secretstage.ApiSlices.send;
import static io.secretstage.TestTokens.PROJECT_A;
import static io.secretstage.TestTokens.READ_ONLY_TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_A;
import static io.secretstage.TestTokens.TOKEN_B;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Web slice tests for {@link SecretTagController}: the tag operations and
 * ListResourceInstances through the contract's order of checks, behind the real security
 * chain, with the services mocked and no database: path values, the roles, the bodies'
 * rules on keys, values, actions and numbers, and that nothing refused reaches a service.
 */
@ApiWebMvcTest(SecretTagController.class)
class SecretTagControllerTests {

	private static final String ID = "5b1f0c7e-8f0a-4c47-9d55-3d6f0e1b2a90";

	private static final String CSMS = "/v1/" + PROJECT_A + "/csms";

	private static final String TAGS = CSMS + "/" + ID + "/tags";

	private static final String SEARCH = CSMS + "/resource_instances/action";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private SecretTagService tags;

	@MockitoBean
	private ResourceInstanceSearch search;

	@Test
	void createThen204WithTheTagAsRead() {
		assertAnswer(send(this.mvc, HttpMethod.POST, TAGS, TOKEN_A,
				"{\"tag\":{\"key\":\"环境\",\"value\":\"продакшн\"},\"sequence\":\"919c82d4-8046-4722-9094-35c3c6524cff\"}"),
				204, "");
		then(this.tags).should()
			.create(USER_A, PROJECT_A, new SecretId(ID), List.of(new TagRequests.Entry("环境", "продакшн")),
					"CreateSecretTag");
	}

	@Test
	void createWithoutAValueThenTheEntryHasNone() {
		assertAnswer(send(this.mvc, HttpMethod.POST, TAGS, TOKEN_A, "{\"tag\":{\"key\":\"env\"}}"), 204, "");
		then(this.tags).should()
			.create(USER_A, PROJECT_A, new SecretId(ID), List.of(new TagRequests.Entry("env", null)),
					"CreateSecretTag");
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "a b", "キー", "Ключ", "x_.:=+-@", "٣", "a\u3000b", "_sys", "x_sys_" })
	void createWhenTheKeyKeepsItsRuleThen204(String key) {
		assertAnswer(send(this.mvc, HttpMethod.POST, TAGS, TOKEN_A, "{\"tag\":{\"key\":\"" + key + "\"}}"), 204, "");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " env", "env ", "\u3000env", "env\u00a0", "_sys_env", "a/b", "a#b", "a\\tb", "a%b" })
	void createWhenTheKeyBreaksItsRuleThen400NamingIt(String key) {
		assertError(send(this.mvc, HttpMethod.POST, TAGS, TOKEN_A, "{\"tag\":{\"key\":\"" + key + "\"}}"), 400,
				"CSMS.0002", "The value of parameter tag.key is invalid.");
		verifyNoInteractions(this.tags);
	}

	@Test
	void createWhenTheKeyOrValueIsTooLongThen400NamingIt() {
		String key = "𠀀".repeat(128);
		assertAnswer(send(this.mvc, HttpMethod.POST, TAGS, TOKEN_A,
				"{\"tag\":{\"key\":\"" + key + "\",\"value\":\"" + "й".repeat(255) + "\"}}"), 204, "");
		assertError(send(this.mvc, HttpMethod.POST, TAGS, TOKEN_A, "{\"tag\":{\"key\":\"" + key + "k\"}}"), 400,
				"CSMS.0002", "The value of parameter tag.key is invalid.");
		assertError(
				send(this.mvc, HttpMethod.POST, TAGS, TOKEN_A,
						"{\"tag\":{\"key\":\"k\",\"value\":\"" + "й".repeat(256) + "\"}}"),
				400, "CSMS.0002", "The value of parameter tag.value is invalid.");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "tag | {}", "tag | {\"tag\":null}", "tag.key | {\"tag\":{\"value\":\"v\"}}",
			"tag.value | {\"tag\":{\"key\":\"k\",\"value\":\"a#b\"}}",
			"sequence | {\"tag\":{\"key\":\"k\"},\"sequence\":\"" + "0123456789012345678901234567890123456" + "\"}" })
	void createWhenAFieldBreaksItsRuleThen400NamingIt(String field, String body) {
		assertError(send(this.mvc, HttpMethod.POST, TAGS, TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter " + field + " is invalid.");
		verifyNoInteractions(this.tags);
	}

	@Test
	void writesWithoutTheWriteRoleOrForAnotherProjectThen403BeforeTheBody() {
		for (String token : List.of(READ_ONLY_TOKEN_A, TOKEN_B)) {
			assertError(send(this.mvc, HttpMethod.POST, TAGS, token, "{not json"), 403, "CSMS.0302", NO_PERMISSION);
			assertError(send(this.mvc, HttpMethod.POST, TAGS + "/action", token, "{not json"), 403, "CSMS.0302",
					NO_PERMISSION);
			assertError(send(this.mvc, HttpMethod.DELETE, TAGS + "/env", token), 403, "CSMS.0302", NO_PERMISSION);
		}
		verifyNoInteractions(this.tags);
	}

	@Test
	void secretIdBreakingItsPatternThen400NamingItBeforeTheProjectAndTheBody() {
		for (String id : List.of("5B1F0C7E-8F0A-4C47-9D55-3D6F0E1B2A90", "5b1f0c7e8f0a4c479d553d6f0e1b2a90", ID + "0",
				"db-password")) {
			assertError(send(this.mvc, HttpMethod.POST, CSMS + "/" + id + "/tags", TOKEN_B, "{not json"), 400,
					"CSMS.0002", "The value of parameter secret_id is invalid.");
			assertError(send(this.mvc, HttpMethod.GET, CSMS + "/" + id + "/tags", TOKEN_A), 400, "CSMS.0002",
					"The value of parameter secret_id is invalid.");
		}
		assertError(send(this.mvc, HttpMethod.DELETE, "/v1/short/csms/bad/tags/%20", TOKEN_A), 400, "CSMS.0002",
				"The value of parameter project_id, secret_id, key is invalid.");
		verifyNoInteractions(this.tags);
	}

	@Test
	void deleteThen204WithTheKeyPercentDecoded() {
		assertAnswer(send(this.mvc, HttpMethod.DELETE, TAGS + "/%E7%8E%AF%E5%A2%83%20a:b@c", TOKEN_A), 204, "");
		then(this.tags).should().delete(USER_A, PROJECT_A, new SecretId(ID), "环境 a:b@c");
	}

	@ParameterizedTest
	@ValueSource(strings = { "%20env", "_sys_x", "a%23b", "a+b%3F" })
	void deleteWhenTheKeyBreaksItsRuleThen400NamingIt(String key) {
		assertError(send(this.mvc, HttpMethod.DELETE, TAGS + "/" + key, TOKEN_A), 400, "CSMS.0002",
				"The value of parameter key is invalid.");
		verifyNoInteractions(this.tags);
	}

	@Test
	void deleteWhenTheServiceFindsNoSuchKeyThen404CSMS0005() {
		willThrow(new ApiException(ErrorCode.RESOURCE_NOT_FOUND)).given(this.tags)
			.delete(USER_A, PROJECT_A, new SecretId(ID), "env");

		assertError(send(this.mvc, HttpMethod.DELETE, TAGS + "/env", TOKEN_A), 404, "CSMS.0005",
				"The resource does not exist.");
	}

	@Test
	void batchThen204ByAction() {
		assertAnswer(send(this.mvc, HttpMethod.POST, TAGS + "/action", TOKEN_A,
				"{\"action\":\"create\",\"tags\":[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"b\"}]}"), 204, "");
		assertAnswer(send(this.mvc, HttpMethod.POST, TAGS + "/action", TOKEN_A,
				"{\"action\":\"delete\",\"tags\":[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"b\"}]}"), 204, "");

		List<TagRequests.Entry> entries = List.of(new TagRequests.Entry("a", "1"), new TagRequests.Entry("b", null));
		then(this.tags).should().create(USER_A, PROJECT_A, new SecretId(ID), entries, "BatchCreateOrDeleteTags");
		then(this.tags).should().deleteAll(USER_A, PROJECT_A, new SecretId(ID), entries);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "action | {\"action\":\"update\",\"tags\":[{\"key\":\"a\"}]}",
					"action | {\"tags\":[{\"key\":\"a\"}]}", "tags | {\"action\":\"create\"}",
					"tags | {\"action\":\"create\",\"tags\":[]}", "tags | {\"action\":\"create\",\"tags\":[null]}",
					"tags | {\"action\":\"create\",\"tags\":[{\"key\":\"_sys_a\"}]}",
					"tags | {\"action\":\"delete\",\"tags\":[{\"key\":\"a\"},{\"key\":\"a\",\"value\":\"x\"}]}" })
	void batchWhenAFieldBreaksItsRuleThen400NamingIt(String field, String body) {
		assertError(send(this.mvc, HttpMethod.POST, TAGS + "/action", TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter " + field + " is invalid.");
		verifyNoInteractions(this.tags);
	}

	@Test
	void batchOfTwentyOneTagsThen400NamingThem() {
		StringBuilder body = new StringBuilder("{\"action\":\"create\",\"tags\":[");
		for (int i = 0; i < 21; i++) {
			body.append((i > 0) ? "," : "").append("{\"key\":\"k").append(i).append("\"}");
		}
		assertError(send(this.mvc, HttpMethod.POST, TAGS + "/action", TOKEN_A, body + "]}"), 400, "CSMS.0002",
				"The value of parameter tags is invalid.");
		verifyNoInteractions(this.tags);
	}

	@Test
	void readsWithTheReadOnlyTokenThen200() {
		given(this.tags.list(PROJECT_A, new SecretId(ID))).willReturn(List.of(new Tag("env", "prod")));
		given(this.tags.listProject(PROJECT_A))
			.willReturn(List.of(new TagResponses.KeyValues("env", List.of("dev", "prod"))));
		given(this.search.search(any(), any())).willReturn(new ResourceInstances.Response(null, 3));

		assertAnswer(send(this.mvc, HttpMethod.GET, TAGS, READ_ONLY_TOKEN_A), 200,
				"{\"tags\":[{\"key\":\"env\",\"value\":\"prod\"}],\"sys_tags\":[]}");
		assertAnswer(send(this.mvc, HttpMethod.GET, CSMS + "/tags", READ_ONLY_TOKEN_A), 200,
				"{\"tags\":[{\"key\":\"env\",\"values\":[\"dev\",\"prod\"]}]}");
		assertAnswer(send(this.mvc, HttpMethod.POST, SEARCH, READ_ONLY_TOKEN_A, "{\"action\":\"count\"}"), 200,
				"{\"total_count\":3}");
	}

	@Test
	void readsForAnotherProjectThen403() {
		assertError(send(this.mvc, HttpMethod.GET, TAGS, TOKEN_B), 403, "CSMS.0302", NO_PERMISSION);
		assertError(send(this.mvc, HttpMethod.GET, CSMS + "/tags", TOKEN_B), 403, "CSMS.0302", NO_PERMISSION);
		assertError(send(this.mvc, HttpMethod.POST, SEARCH, TOKEN_B, "{not json"), 403, "CSMS.0302", NO_PERMISSION);
		verifyNoInteractions(this.tags, this.search);
	}

	@Test
	void searchWithAnyOtherLiteralSegmentThen404() {
		for (String segment : List.of("resource_instanceX", "resource-instances", "RESOURCE_INSTANCES")) {
			assertError(send(this.mvc, HttpMethod.POST, CSMS + "/" + segment + "/action", TOKEN_A,
					"{\"action\":\"count\"}"), 404, "APIGW.0101", "The API does not exist.");
		}
		verifyNoInteractions(this.search);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "{\"action\":\"filter\",\"limit\":\"25\",\"offset\":\"0030\"} | 25 | 30",
			"{\"action\":\"filter\",\"limit\":25,\"offset\":30000} | 25 | 30000",
			"{\"action\":\"filter\",\"limit\":null} | | ", "{\"action\":\"filter\",\"limit\":\"1000\"} | 1000 | " })
	void searchWithLimitAndOffsetAsStringsOrNumbersThenTheirValues(String body, Integer limit, Integer offset) {
		given(this.search.search(any(), any())).willReturn(new ResourceInstances.Response(List.of(), 0));

		assertAnswer(send(this.mvc, HttpMethod.POST, SEARCH, TOKEN_A, body), 200,
				"{\"resources\":[],\"total_count\":0}");
		then(this.search).should()
			.search(PROJECT_A, new ResourceInstances.Request("filter", limit, offset, null, null, null));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "action | {\"action\":\"list\"}", "action | {}",
			"limit | {\"action\":\"filter\",\"limit\":\"0\"}", "limit | {\"action\":\"filter\",\"limit\":\"1001\"}",
			"limit | {\"action\":\"filter\",\"limit\":\"00010\"}", "limit | {\"action\":\"filter\",\"limit\":\" 10\"}",
			"limit | {\"action\":\"filter\",\"limit\":\"+10\"}", "limit | {\"action\":\"filter\",\"limit\":\"\"}",
			"limit | {\"action\":\"filter\",\"limit\":0}", "limit | {\"action\":\"filter\",\"limit\":4294967306}",
			"offset | {\"action\":\"filter\",\"offset\":\"-1\"}", "offset | {\"action\":\"filter\",\"offset\":-1}",
			"offset | {\"action\":\"filter\",\"offset\":\"10000\"}",
			"tags | {\"action\":\"count\",\"tags\":[{\"values\":[]}]}",
			"tags | {\"action\":\"count\",\"tags\":[{\"key\":\" k\",\"values\":[]}]}",
			"tags | {\"action\":\"count\",\"tags\":[{\"key\":\"k\",\"values\":[null]}]}",
			"matches | {\"action\":\"count\",\"matches\":[{\"key\":\"name\",\"value\":\"x\"}]}",
			"matches | {\"action\":\"count\",\"matches\":[{\"key\":\"resource_name\"}]}" })
	void searchWhenAFieldBreaksItsRuleThen400NamingIt(String field, String body) {
		assertError(send(this.mvc, HttpMethod.POST, SEARCH, TOKEN_A, body), 400, "CSMS.0002",
				"The value of parameter " + field + " is invalid.");
		verifyNoInteractions(this.search);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"action\":\"filter\",\"limit\":10.5}", "{\"action\":\"filter\",\"limit\":true}",
			"{\"action\":\"filter\",\"offset\":[1]}" })
	void searchWhenLimitOrOffsetIsOfAnotherJsonTypeThen400CSMS0004(String body) {
		assertError(send(this.mvc, HttpMethod.POST, SEARCH, TOKEN_A, body), 400, "CSMS.0004",
				"The requested body format is wrong.");
		verifyNoInteractions(this.search);
	}

}
