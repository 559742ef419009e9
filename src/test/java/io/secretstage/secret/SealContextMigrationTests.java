package io.secretstage.secret;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.secretstage.TestDatabaseConfiguration;
import io.secretstage.TestTokens;
import io.secretstage.crypto.EnvelopeCipher;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SealContextMigration}: a database at V4 with values sealed the old way
 * is migrated by Flyway as the service does at start, on a database of its own (made
 * outside a transaction, as PostgreSQL requires).
 */
@JdbcTest(
		properties = { "spring.flyway.enabled=false", "csms.crypto.master-keys[0].id=" + TestTokens.MASTER_KEY_ID,
				"csms.crypto.master-keys[0].key=" + TestTokens.MASTER_KEY },
		includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = { "io\\.secretstage\\.crypto\\..*", "io\\.secretstage\\.secret\\.SealContextMigration" }))
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(TestDatabaseConfiguration.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class SealContextMigrationTests {

	private static final String PROJECT = "aaaabbbbccccddddeeeeffff00001111";

	@Autowired
	private DataSource server;

	@Autowired
	private EnvelopeCipher cipher;

	@Autowired
	private SealContextMigration migration;

	private final String database = "seal_migration_" + UUID.randomUUID().toString().replace("-", "");

	private DataSource dataSource;

	private JdbcClient jdbc;

	@BeforeEach
	void databaseAtV4() throws Exception {
		JdbcClient.create(this.server).sql("create database " + this.database).update();
		String url = this.server.getConnection()
			.getMetaData()
			.getURL()
			.replaceFirst("(//[^/]+/)[^?]*", "$1" + this.database);
		this.dataSource = DataSourceBuilder.derivedFrom(this.server)
			.type(SimpleDriverDataSource.class)
			.url(url)
			.build();
		this.jdbc = JdbcClient.create(this.dataSource);
		flyway().target("4").load().migrate();
	}

	@AfterEach
	void dropDatabase() {
		JdbcClient.create(this.server).sql("drop database " + this.database + " with (force)").update();
	}

	@Test
	void everyVersionIsSealedAgainBoundToItsSecretsIdAndOnlyThatOpens() {
		List<Version> versions = legacyVersions(3, 400);

		flyway().javaMigrations(this.migration).load().migrate();

		for (Version version : versions) {
			Map<String, Object> row = this.jdbc
				.sql("select seal_context, kms_key_id, wrapped_key, ciphertext from secret_version "
						+ "where secret_id = ? and version_id = ?")
				.params(version.secretId(), version.versionId())
				.query()
				.singleRow();
			assertThat(row.get("seal_context")).isEqualTo(2);
			EnvelopeCipher.Sealed sealed = new EnvelopeCipher.Sealed((String) row.get("kms_key_id"),
					(byte[]) row.get("wrapped_key"), (byte[]) row.get("ciphertext"));
			assertThat(this.cipher.open(sealed,
					SecretVersion.sealContext(PROJECT, version.name(), version.publicId(), version.versionId())))
				.asString(StandardCharsets.UTF_8)
				.isEqualTo(version.value());
			assertThatIllegalStateException().isThrownBy(() -> this.cipher.open(sealed,
					SealContextMigration.legacyContext(PROJECT, version.name(), version.versionId())));
		}
		assertThat(this.jdbc.sql("select success from flyway_schema_history where version = '6'")
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void afterTheMigrationAnInsertThatDoesNotNameTheSealContextIsRefused() {
		legacyVersions(1, 1);
		flyway().javaMigrations(this.migration).load().migrate();
		long secretId = this.jdbc.sql("select id from secret").query(Long.class).single();

		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.jdbc.sql("""
				insert into secret_version (secret_id, version_id, version_number, value_type, kms_key_id,
				    wrapped_key, ciphertext, create_time)
				values (?, 'v2', 2, 'text', 'k', '\\x00', '\\x00', now())""").param(secretId).update())
			.withMessageContaining("seal_context");
	}

	@Test
	void flywayRefusesAnAppliedChecksumThatDiffersButStartsADatabaseThatRanTheMigrationWithoutOne() {
		flyway().javaMigrations(this.migration).load().migrate();
		assertThat(this.jdbc.sql("select checksum from flyway_schema_history where version = '6'")
			.query(Integer.class)
			.single()).isEqualTo(SealContextMigration.CHECKSUM);

		this.jdbc.sql("update flyway_schema_history set checksum = checksum + 1 where version = '6'").update();
		assertThatExceptionOfType(FlywayValidateException.class)
			.isThrownBy(() -> flyway().javaMigrations(this.migration).load().validate())
			.withMessageContaining("checksum mismatch");

		this.jdbc.sql("update flyway_schema_history set checksum = null where version = '6'").update();
		flyway().javaMigrations(this.migration).load().validate();
	}

	@Test
	void aValueThatDoesNotOpenFailsTheMigrationAndNothingChanges() {
		legacyVersions(2, 3);
		this.jdbc.sql("update secret_version set ciphertext = '\\x00' where version_id = 'v3'").update();
		List<Map<String, Object>> before = rows();

		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> flyway().javaMigrations(this.migration).load().migrate());

		assertThat(rows()).usingRecursiveComparison().isEqualTo(before);
		assertThat(this.jdbc.sql("select count(*) from secret_version where seal_context is not null")
			.query(Long.class)
			.single()).isZero();
	}

	private FluentConfiguration flyway() {
		return Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration");
	}

	private List<Map<String, Object>> rows() {
		return this.jdbc
			.sql("select secret_id, version_id, kms_key_id, wrapped_key, ciphertext from secret_version "
					+ "order by secret_id, version_number")
			.query()
			.listOfRows();
	}

	/** Secrets with versions sealed as the service sealed them before V5. */
	private List<Version> legacyVersions(int secrets, int versionsEach) {
		List<Version> versions = new ArrayList<>();
		OffsetDateTime now = OffsetDateTime.now();
		for (int s = 0; s < secrets; s++) {
			String name = "secret-" + s;
			Map<String, Object> secret = this.jdbc
				.sql("insert into secret (project_id, name, create_time, update_time) values (?, ?, ?, ?) "
						+ "returning id, public_id")
				.params(PROJECT, name, now, now)
				.query()
				.singleRow();
			for (int n = 1; n <= versionsEach; n++) {
				Version version = new Version((Long) secret.get("id"), (UUID) secret.get("public_id"), name, "v" + n,
						"value " + s + "/" + n);
				EnvelopeCipher.Sealed sealed = this.cipher.seal(version.value().getBytes(StandardCharsets.UTF_8),
						SealContextMigration.legacyContext(PROJECT, name, version.versionId()), null);
				this.jdbc.sql("""
						insert into secret_version (secret_id, version_id, version_number, value_type, kms_key_id,
						    wrapped_key, ciphertext, create_time)
						values (?, ?, ?, 'text', ?, ?, ?, ?)""")
					.params(version.secretId(), version.versionId(), n, sealed.keyId(), sealed.wrappedKey(),
							sealed.ciphertext(), now)
					.update();
				versions.add(version);
			}
		}
		return versions;
	}

	private record Version(long secretId, UUID publicId, String name, String versionId, String value) {

	}

}
