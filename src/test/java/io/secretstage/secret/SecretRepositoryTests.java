package io.secretstage.secret;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import io.secretstage.SecretFixtures;
import io.secretstage.TestDatabaseConfiguration;
import io.secretstage.TestTokens;
import io.secretstage.stagecache.StageRow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SecretRepository} and the schema's constraints, on the real PostgreSQL
 * migrated by Flyway (with its Java migration, as the service migrates it).
 */
@DataJpaTest(
		includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "io\\.secretstage\\.(crypto\\.CryptoConfiguration|secret\\.SealContextMigration)"),
		properties = { "csms.crypto.master-keys[0].id=" + TestTokens.MASTER_KEY_ID,
				"csms.crypto.master-keys[0].key=" + TestTokens.MASTER_KEY })
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(TestDatabaseConfiguration.class)
class SecretRepositoryTests {

	private static final String PROJECT = "aaaabbbbccccddddeeeeffff00001111";

	private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");

	@Autowired
	private SecretRepository secrets;

	@Autowired
	private DataSource dataSource;

	private JdbcClient jdbc;

	private long secretId;

	@BeforeEach
	void createSecret() {
		this.jdbc = JdbcClient.create(this.dataSource);
		this.secretId = new SecretFixtures(this.jdbc).createSecret(PROJECT, "db-password", 2,
				Map.of("SYSCURRENT", "v2", "SYSPREVIOUS", "v1"), CREATED);
	}

	@Test
	void findStagesThenEveryStageWithItsVersionAndTime() {
		assertThat(this.secrets.findStages(PROJECT, "db-password")).containsExactlyInAnyOrder(
				new StageRow(PROJECT, "db-password", null, "SYSCURRENT", "v2", CREATED.plusSeconds(1)),
				new StageRow(PROJECT, "db-password", null, "SYSPREVIOUS", "v1", CREATED));
	}

	@Test
	void findStagesWhenSecretHasNoStagesThenOneRowWithoutStage() {
		new SecretFixtures(this.jdbc).createSecret(PROJECT, "bare", 1, Map.of(), CREATED);

		assertThat(this.secrets.findStages(PROJECT, "bare"))
			.containsExactly(new StageRow(PROJECT, "bare", null, null, null, null));
	}

	@Test
	void findStagesWhenSecretMissingOrInAnotherProjectThenNoRows() {
		assertThat(this.secrets.findStages(PROJECT, "no-such-secret")).isEmpty();
		assertThat(this.secrets.findStages("aaaabbbbccccddddeeeeffff00002222", "db-password")).isEmpty();
		assertThat(this.secrets.findStages(PROJECT, "no-such-secret")).isEmpty();
	}

	@Test
	void schemaRejectsAStagePointingAtAnotherSecretsVersion() {
		long otherId = new SecretFixtures(this.jdbc).createSecret(PROJECT, "api-key", 3, Map.of(), CREATED);

		insertStage(otherId, "own", "v3");
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> insertStage(this.secretId, "borrowed", "v3"));
	}

	@Test
	void schemaRejectsASecondStageOfTheSameName() {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> insertStage(this.secretId, "SYSCURRENT", "v1"));
	}

	@Test
	void schemaRejectsASecondSecretOfTheSameNameInAProject() {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> new SecretFixtures(this.jdbc).createSecret(PROJECT, "db-password", 1, Map.of(), CREATED));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssX", "bad/name", "" })
	void schemaRejectsSecretNamesThatBreakTheirPattern(String name) {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> new SecretFixtures(this.jdbc).createSecret(PROJECT, name, 0, Map.of(), CREATED));
	}

	@ParameterizedTest
	@ValueSource(strings = { "short-project", "aaaabbbbccccddddeeeeffff0000111!" })
	void schemaRejectsProjectIdsThatBreakTheirPattern(String projectId) {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> new SecretFixtures(this.jdbc).createSecret(projectId, "fine", 0, Map.of(), CREATED));
	}

	@Test
	void schemaRejectsStageNamesThatBreakTheirPattern() {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> insertStage(this.secretId, "bad stage", "v1"));
	}

	@Test
	void schemaRejectsVersionIdsThatBreakTheirPattern() {
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.jdbc.sql("""
				insert into secret_version (secret_id, version_id, version_number, value_type, kms_key_id,
				    wrapped_key, ciphertext, seal_context, create_time)
				values (?, 'version-3', 3, 'text', 'k', '\\x00', '\\x00', 2, now())""").param(this.secretId).update());
	}

	private void insertStage(long secret, String name, String versionId) {
		this.jdbc.sql("insert into secret_stage (secret_id, name, version_id, update_time) values (?, ?, ?, now())")
			.params(secret, name, versionId)
			.update();
	}

	@Test
	void findPageThenTheNamesInByteOrderAfterTheMarkerWithoutTheGoneOnes() {
		String project = "pagepagepagepagepagepagepagepage";
		SecretFixtures fixtures = new SecretFixtures(this.jdbc);
		for (String name : new String[] { "a", "B", "_x", "-y", "1", "Z9", "gone", "pending" }) {
			fixtures.createSecret(project, name, 1, Map.of("SYSCURRENT", "v1"), CREATED);
		}
		Instant now = CREATED.plusSeconds(3600);
		schedule(project, "gone", now);
		schedule(project, "pending", now.plusSeconds(1));

		assertThat(this.secrets.findPage(project, "", now, Limit.of(10))).extracting(Secret::getName)
			.containsExactly("-y", "1", "B", "Z9", "_x", "a", "pending");
		assertThat(this.secrets.findPage(project, "B", now, Limit.of(2))).extracting(Secret::getName)
			.containsExactly("Z9", "_x");
		assertThat(this.secrets.findPage(project, "b", now, Limit.of(2))).extracting(Secret::getName)
			.containsExactly("pending");
	}

	@Test
	void aPageIsReadFromTheUniqueIndexInItsOrderWithoutSorting() {
		this.jdbc.sql("set local enable_seqscan = off").update();

		String plan = String.join("\n", this.jdbc.sql("""
				explain select * from secret s
				where s.project_id = :project and s.name > :after
				  and (s.scheduled_delete_time is null or s.scheduled_delete_time > now())
				order by s.name limit 51""").param("project", PROJECT).param("after", "m").query(String.class).list());

		assertThat(plan).contains("Index Scan using secret_name_unique_in_project").doesNotContain("Sort");
	}

	@Test
	void schemaRejectsASecondValueOfATagKey() {
		insertTag(this.secretId, PROJECT, "env");

		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> insertTag(this.secretId, PROJECT, "env"));
	}

	@Test
	void schemaRejectsATagInAnotherProjectThanItsSecrets() {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> insertTag(this.secretId, "ffffeeeeddddccccbbbbaaaa00001111", "env"));
	}

	@Test
	void schemaRejectsAnEmptyTagKey() {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> insertTag(this.secretId, PROJECT, ""));
	}

	@Test
	void deleteNowDeletesTheSecretsTags() {
		insertTag(this.secretId, PROJECT, "env");

		this.secrets.deleteNow(this.secretId);

		assertThat(this.jdbc.sql("select count(*) from secret_tag where secret_id = ?")
			.param(this.secretId)
			.query(Long.class)
			.single()).isZero();
	}

	private void insertTag(long secretId, String project, String key) {
		this.jdbc.sql("insert into secret_tag (secret_id, project_id, tag_key, tag_value) values (?, ?, ?, 'v')")
			.params(secretId, project, key)
			.update();
	}

	private void schedule(String project, String name, Instant at) {
		this.jdbc
			.sql("update secret set state = 'PENDING_DELETE', scheduled_delete_time = :at"
					+ " where project_id = :project and name = :name")
			.param("at", Timestamp.from(at))
			.param("project", project)
			.param("name", name)
			.update();
	}

}
