package io.secretstage;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.secretstage.crypto.EnvelopeCipher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The benchmark's database ({@code bench/run.sh}): starts an embedded PostgreSQL,
 * migrates it, loads N secrets with three versions and three stages each (and, when
 * asked, five tags each), prints {@code JDBC_URL=...} and runs until its standard input
 * closes.
 * <p>
 * The tags of {@code bench/tags.sh}: {@code env} (10 values), {@code team} (10 values),
 * {@code app} (1,000), {@code owner} (100) and {@code tier} (3), from the secret's row
 * id, so that {@code env=env-3} and {@code team=team-7} together match exactly 1% of the
 * secrets.
 */
public final class BenchDatabase {

	/** The project of every benchmark secret. */
	static final String PROJECT = "be0c4000be0c4000be0c4000be0c4000";

	private BenchDatabase() {
	}

	public static void main(String[] args) throws IOException, SQLException, ReflectiveOperationException {
		int secrets = Integer.parseInt(args[0]);
		boolean tagged = args.length > 1 && args[1].equals("tags");
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			String url = postgres.getJdbcUrl("postgres", "postgres");
			Flyway.configure()
				.dataSource(url, "postgres", "")
				.locations("classpath:db/migration")
				.javaMigrations(sealContextMigration())
				.load()
				.migrate();
			long start = System.nanoTime();
			try (Connection connection = postgres.getPostgresDatabase().getConnection();
					Statement sql = connection.createStatement()) {
				// The triggers only announce changes to listeners; a bulk load needs
				// none.
				sql.execute("alter table secret disable trigger secret_changed");
				sql.execute("alter table secret_stage disable trigger secret_stage_changed");
				sql.execute("insert into secret (project_id, name, create_time, update_time) select '" + PROJECT
						+ "', 'secret-' || g, now(), now() from generate_series(1, " + secrets + ") g");
				sql.execute("""
						insert into secret_version (secret_id, version_id, version_number, value_type, kms_key_id,
						    wrapped_key, ciphertext, seal_context, create_time)
						select s.id, 'v' || n, n, 'text', 'bench', '\\x00', '\\x00', 2, now()
						from secret s cross join generate_series(1, 3) n""");
				sql.execute(
						"""
								insert into secret_stage (secret_id, name, version_id, update_time)
								select s.id, st.name, st.version_id, now() from secret s cross join
								    (values ('SYSCURRENT', 'v3'), ('SYSPREVIOUS', 'v2'), ('bench-stage', 'v1')) st(name, version_id)""");
				if (tagged) {
					sql.execute("""
							insert into secret_tag (secret_id, project_id, tag_key, tag_value)
							select s.id, s.project_id, t.tag_key, t.tag_value from secret s cross join lateral (values
							    ('env', 'env-' || s.id % 10), ('team', 'team-' || s.id / 10 % 10),
							    ('app', 'app-' || s.id % 1000), ('owner', 'owner-' || s.id % 100),
							    ('tier', 'tier-' || s.id % 3)) t(tag_key, tag_value)""");
				}
				sql.execute("alter table secret enable trigger secret_changed");
				sql.execute("alter table secret_stage enable trigger secret_stage_changed");
				sql.execute("vacuum analyze");
			}
			System.out.printf("LOADED=%d secrets in %d ms%n", secrets, (System.nanoTime() - start) / 1_000_000);
			System.out.println("JDBC_URL=" + url);
			System.out.flush();
			while (System.in.read() != -1) {
				// Run until the benchmark closes standard input.
			}
		}
	}

	/**
	 * V6, the service's Java migration ({@code SealContextMigration}), which Flyway finds
	 * only as a bean of the service, not on the class path: without it here the service
	 * refuses the database (V6 resolved but not applied, below V7). On the empty tables
	 * it only makes {@code seal_context} required and never opens a value, so it runs
	 * without a cipher.
	 * @return the migration
	 * @throws ReflectiveOperationException if the migration is not found
	 */
	private static JavaMigration sealContextMigration() throws ReflectiveOperationException {
		Constructor<?> constructor = Class.forName("io.secretstage.secret.SealContextMigration")
			.getDeclaredConstructor(EnvelopeCipher.class);
		constructor.setAccessible(true);
		return (JavaMigration) constructor.newInstance((Object) null);
	}

}
