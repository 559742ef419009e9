package io.secretstage.database;

/**
 * A channel on which the database announces changes (PostgreSQL {@code NOTIFY}), and what
 * an instance does with them: the in-memory copies it keeps are trusted only while the
 * announcements flow ({@link DatabaseChangeListener}).
 */
public interface ChangeChannel {

	/**
	 * The channel's name, as the migration that announces on it names it.
	 * @return the name
	 */
	String name();

	/**
	 * The announcements flow, from now on: start from nothing and trust what is read from
	 * now. Runs on the listener's thread, so it must not block.
	 */
	void connected();

	/** The announcements stopped: trust nothing kept until they flow again. */
	void disconnected();

	/**
	 * Something changed.
	 * @param payload what the announcement names
	 */
	void changed(String payload);

}
