package io.secretstage.database;

import java.sql.SQLException;

import org.hibernate.JDBCException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that Hibernate's failed statements that say the database went away are read as
 * the database being unavailable (what the caches answer from memory, and the error
 * handler logs as such), and that the others keep Hibernate's reading.
 */
class UnavailableDatabaseTests {

	private final HibernateJpaVendorAdapter adapter = new HibernateJpaVendorAdapter();

	UnavailableDatabaseTests() {
		BeanPostProcessor translation = DatabaseConfiguration.unavailableDatabaseTranslation();
		translation.postProcessAfterInitialization(this.adapter, "jpaVendorAdapter");
	}

	@ParameterizedTest
	@ValueSource(strings = { "08006", "08003", "57P01", "57P02", "57P03", "25006" })
	void aStatementCutByTheDatabaseGoingAwayIsTheDatabaseBeingUnavailable(String state) {
		assertThat(translated(state)).isInstanceOf(DataAccessResourceFailureException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "23505", "40001", "42P01", "" })
	void otherFailuresKeepHibernatesReading(String state) {
		HibernateJpaVendorAdapter hibernates = new HibernateJpaVendorAdapter();

		assertThat(translated(state)).isNotInstanceOf(DataAccessResourceFailureException.class)
			.hasSameClassAs(translated(hibernates, state));
	}

	private DataAccessException translated(String state) {
		return translated(this.adapter, state);
	}

	private static DataAccessException translated(HibernateJpaVendorAdapter adapter, String state) {
		JDBCException failure = new JDBCException("could not execute statement",
				new SQLException("failed", state.isEmpty() ? null : state), "select 1");
		return adapter.getJpaDialect().translateExceptionIfPossible(failure);
	}

}
