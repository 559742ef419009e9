package io.secretstage.database;

import java.sql.SQLException;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * Tests that a rollback failing on its connection is dropped, so that why the transaction
 * failed goes on to the caller, and that any other failed rollback still surfaces.
 */
class LostConnectionTransactionManagerTests {

	private final EntityTransaction transaction = mock(EntityTransaction.class);

	private final LostConnectionTransactionManager manager = new LostConnectionTransactionManager();

	@BeforeEach
	void entityManager() {
		EntityManagerFactory factory = mock(EntityManagerFactory.class);
		EntityManager entityManager = mock(EntityManager.class);
		given(factory.createEntityManager()).willReturn(entityManager);
		given(entityManager.getTransaction()).willReturn(this.transaction);
		given(this.transaction.isActive()).willReturn(true);
		this.manager.setEntityManagerFactory(factory);
	}

	@Test
	void aRollbackThatFailedOnItsConnectionIsDropped() {
		TransactionStatus status = this.manager.getTransaction(new DefaultTransactionDefinition());
		willThrow(new PersistenceException("Unable to rollback against JDBC Connection",
				new SQLException("Connection is closed")))
			.given(this.transaction)
			.rollback();

		assertThatNoException().isThrownBy(() -> this.manager.rollback(status));
	}

	@Test
	void anyOtherFailedRollbackSurfaces() {
		TransactionStatus status = this.manager.getTransaction(new DefaultTransactionDefinition());
		willThrow(new PersistenceException("Transaction marked for rollback only")).given(this.transaction).rollback();

		assertThatExceptionOfType(JpaSystemException.class).isThrownBy(() -> this.manager.rollback(status));
	}

}
