package io.secretstage.database;

import java.sql.SQLTransientConnectionException;

/**
 * A connection refused by the database's open circuit ({@link DatabaseCircuit}). SQL
 * state 08001, "unable to connect": read as the database being unreachable all the way up
 * (Hibernate, Spring, the error handler, which logs it only at debug since the circuit
 * said so once, when it opened).
 */
public final class DatabaseCircuitOpenException extends SQLTransientConnectionException {

	/**
	 * Create the exception.
	 */
	public DatabaseCircuitOpenException() {
		super("The database is unreachable; not trying it for now", "08001");
	}

}
