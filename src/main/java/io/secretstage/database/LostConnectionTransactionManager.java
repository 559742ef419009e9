package io.secretstage.database;

import java.sql.SQLException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Spring's JPA transaction manager, except that a rollback the connection could not carry
 * does not replace why the transaction failed. When the database goes away in the middle
 * of a transaction, the statement fails, the pool closes the broken connection, and the
 * rollback then fails on it; Spring would log the statement's failure at error and throw
 * the rollback's, which says nothing of the database being away. There is nothing to roll
 * back on a connection that is gone (the database ends a transaction whose connection
 * ends), so that failure is dropped, and the statement's goes on to the error handler, as
 * the database being unavailable.
 */
final class LostConnectionTransactionManager extends JpaTransactionManager {

	@Override
	protected void doRollback(DefaultTransactionStatus status) {
		try {
			super.doRollback(status);
		}
		catch (TransactionException | DataAccessException ex) {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
			if (!(cause instanceof SQLException)) {
				throw ex;
			}
			this.logger.debug("Rollback failed on its connection (" + cause.getMessage() + "); nothing to roll back");
		}
	}

}
