package io.secretstage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes secrets, versions and stages straight into the database, for tests of the read
 * path and the schema. The versions hold placeholder bytes, not sealed values: a test
 * that reads values makes its secrets through the API.
 */
public final class SecretFixtures {

	private final JdbcClient jdbc;

	public SecretFixtures(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Create a secret with versions {@code v1} to {@code vN}, one second apart from
	 * {@code createTime}, and stages pointing at them; each stage was last set when its
	 * version was made.
	 * @param projectId the project
	 * @param name the secret's name
	 * @param versions how many versions
	 * @param stages stage name to version id
	 * @param createTime when the secret and its first version were made
	 * @return the secret's database id
	 */
	public long createSecret(String projectId, String name, int versions, Map<String, String> stages,
			Instant createTime) {
		long secretId = this.jdbc
			.sql("insert into secret (project_id, name, create_time, update_time) values (?, ?, ?, ?) returning id")
			.params(projectId, name, timestamp(createTime), timestamp(createTime))
			.query(Long.class)
			.single();
		for (int n = 1; n <= versions; n++) {
			this.jdbc.sql("""
					insert into secret_version (secret_id, version_id, version_number, value_type, kms_key_id,
					    wrapped_key, ciphertext, seal_context, create_time)
					values (?, ?, ?, 'text', 'fixture', '\\x00', '\\x00', 2, ?)""")
				.params(secretId, "v" + n, n, timestamp(versionTime(createTime, n)))
				.update();
		}
		stages.forEach((stage, versionId) -> this.jdbc
			.sql("insert into secret_stage (secret_id, name, version_id, update_time) values (?, ?, ?, ?)")
			.params(secretId, stage, versionId,
					timestamp(versionTime(createTime, Integer.parseInt(versionId.substring(1)))))
			.update());
		return secretId;
	}

	/**
	 * When version {@code vN} of a secret made at {@code createTime} was made.
	 */
	public static Instant versionTime(Instant createTime, int n) {
		return createTime.plusSeconds(n - 1);
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.from(instant);
	}

	/**
	 * How many audit rows a secret has of one operation.
	 * @param projectId the project
	 * @param secretName the secret's name
	 * @param operation the API operation, such as {@code UpdateSecret}
	 * @return the number of rows
	 */
	public long auditRows(String projectId, String secretName, String operation) {
		return this.jdbc
			.sql("select count(*) from audit_event where project_id = ? and secret_name = ? and operation = ?")
			.params(projectId, secretName, operation)
			.query(Long.class)
			.single();
	}

}
