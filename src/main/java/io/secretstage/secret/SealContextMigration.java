package io.secretstage.secret;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.secretstage.crypto.EnvelopeCipher;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Migration V6: seal again, under {@link SecretWrites#sealContext the context that binds
 * the secret's public id}, every version sealed before V5 added {@code seal_context},
 * then make that column required. It runs in one transaction with the table locked
 * against writes, so either every row is sealed again or none is; a master key that is
 * not configured any more fails it and the service does not start.
 */
@Component
class SealContextMigration implements JavaMigration {

	private static final Logger logger = LoggerFactory.getLogger(SealContextMigration.class);

	private static final int BATCH = 500;

	/**
	 * Flyway's checksum of this migration: the CRC32 of this file as it was released,
	 * without this line, as Flyway takes a CRC32 of a SQL migration's text. A test holds
	 * it to the file, so that an edit of the released migration cannot go unnoticed.
	 */
	static final int CHECKSUM = -1861872102;

	private final EnvelopeCipher cipher;

	SealContextMigration(EnvelopeCipher cipher) {
		this.cipher = cipher;
	}

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("6");
	}

	@Override
	public String getDescription() {
		return "seal versions again bound to the secret's public id";
	}

	@Override
	public Integer getChecksum() {
		return CHECKSUM;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("lock table secret_version in share row exclusive mode");
		}
		long total = 0;
		List<Row> batch = nextBatch(connection);
		while (!batch.isEmpty()) {
			reseal(connection, batch);
			total += batch.size();
			batch = nextBatch(connection);
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("alter table secret_version alter column seal_context set not null");
		}
		logger.info("Sealed {} secret versions again under seal context {}", total, SecretVersion.SEAL_CONTEXT);
	}

	private static List<Row> nextBatch(Connection connection) throws SQLException {
		List<Row> rows = new ArrayList<>(BATCH);
		try (PreparedStatement select = connection.prepareStatement("""
				select v.secret_id, v.version_id, s.project_id, s.name, s.public_id,
				    v.kms_key_id, v.wrapped_key, v.ciphertext
				from secret_version v join secret s on s.id = v.secret_id
				where v.seal_context is null
				order by v.secret_id, v.version_id
				limit ?""")) {
			select.setInt(1, BATCH);
			try (ResultSet result = select.executeQuery()) {
				while (result.next()) {
					rows.add(new Row(result.getLong(1), result.getString(2), result.getString(3), result.getString(4),
							result.getObject(5, UUID.class),
							new EnvelopeCipher.Sealed(result.getString(6), result.getBytes(7), result.getBytes(8))));
				}
			}
		}
		return rows;
	}

	private void reseal(Connection connection, List<Row> rows) throws SQLException {
		try (PreparedStatement update = connection.prepareStatement("""
				update secret_version set kms_key_id = ?, wrapped_key = ?, ciphertext = ?, seal_context = ?
				where secret_id = ? and version_id = ?""")) {
			for (Row row : rows) {
				byte[] value = this.cipher.open(row.sealed(),
						legacyContext(row.projectId(), row.name(), row.versionId()));
				EnvelopeCipher.Sealed sealed = this.cipher.seal(value,
						SecretVersion.sealContext(row.projectId(), row.name(), row.publicId(), row.versionId()),
						row.sealed().keyId());
				Arrays.fill(value, (byte) 0);
				update.setString(1, sealed.keyId());
				update.setBytes(2, sealed.wrappedKey());
				update.setBytes(3, sealed.ciphertext());
				update.setShort(4, SecretVersion.SEAL_CONTEXT);
				update.setLong(5, row.secretId());
				update.setString(6, row.versionId());
				update.addBatch();
			}
			update.executeBatch();
		}
	}

	/**
	 * Context 1, which bound a value to its project, secret name and version id only.
	 * @param projectId the secret's project
	 * @param secretName the secret's name
	 * @param versionId the version's id
	 * @return the associated data the version was sealed with, in UTF-8
	 */
	static byte[] legacyContext(String projectId, String secretName, String versionId) {
		return String.join("\u0000", "csms-secret-version", projectId, secretName, versionId)
			.getBytes(StandardCharsets.UTF_8);
	}

	private record Row(long secretId, String versionId, String projectId, String name, UUID publicId,
			EnvelopeCipher.Sealed sealed) {

	}

}
