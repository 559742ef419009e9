package io.secretstage.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Connections of the service's own to the database the pool connects to, outside the
 * pool: the change listener's, and the probe's of the database's circuit. Each gives up
 * connecting after 2 s and drops a connection that stops answering for 10 s.
 */
final class DirectConnections {

	private final JdbcConnectionDetails database;

	DirectConnections(JdbcConnectionDetails database) {
		this.database = database;
	}

	/**
	 * Open a connection.
	 * @param applicationName what the database shows it as ({@code pg_stat_activity})
	 * @return the connection
	 * @throws SQLException if the database cannot be reached
	 */
	Connection open(String applicationName) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.database.getUsername());
		String password = this.database.getPassword();
		if (password != null) {
			properties.setProperty("password", password);
		}
		properties.setProperty("ApplicationName", applicationName);
		properties.setProperty("connectTimeout", "2");
		properties.setProperty("socketTimeout", "10");
		return DriverManager.getConnection(this.database.getJdbcUrl(), properties);
	}

}
