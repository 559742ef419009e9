package io.secretstage.secret;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.secretstage.stagecache.StageRow;
import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import org.hibernate.jpa.HibernateHints;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.Repository;

/**
 * Secrets, the one-statement stage lookup of the read path, and the read that fills the
 * stage cache.
 */
interface SecretRepository extends Repository<Secret, Long> {

	/**
	 * Find a secret and all its stages in a single statement: no rows when the secret
	 * does not exist, one row without a stage when it has none.
	 * @param projectId the project the secret is in
	 * @param secretName the secret's name
	 * @return one row per stage, or one without a stage, or none
	 */
	@Query("""
			select new io.secretstage.stagecache.StageRow(s.projectId, s.name, st.key.name, st.versionId, st.updateTime)
			from Secret s left join SecretStage st on st.key.secretId = s.id
			where s.projectId = :projectId and s.name = :secretName""")
	List<StageRow> findStages(String projectId, String secretName);

	/**
	 * Every secret with all its stages, the rows of one secret next to each other: what
	 * the stage cache is filled with. Read from a cursor, a thousand rows at a time; call
	 * it in a transaction and close the stream.
	 * @return the rows, to be closed
	 */
	@Query("""
			select new io.secretstage.stagecache.StageRow(s.projectId, s.name, st.key.name, st.versionId, st.updateTime)
			from Secret s left join SecretStage st on st.key.secretId = s.id
			order by s.id""")
	@QueryHints(@QueryHint(name = HibernateHints.HINT_FETCH_SIZE, value = "1000"))
	Stream<StageRow> streamStages();

	Optional<Secret> findByProjectIdAndName(String projectId, String name);

	/**
	 * Find a secret and lock its row until the transaction ends: every write to a secret,
	 * its versions or its stages takes this lock first, so writes to one secret happen
	 * one at a time.
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 * @return the secret, locked, or empty if there is none
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from Secret s where s.projectId = :projectId and s.name = :name")
	Optional<Secret> findForUpdate(String projectId, String name);

	boolean existsByProjectIdAndName(String projectId, String name);

	Secret saveAndFlush(Secret secret);

	void delete(Secret secret);

}
