package io.secretstage.secret;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * Secrets, and the one-statement stage lookup of the read path.
 */
interface SecretRepository extends Repository<Secret, Long> {

	/**
	 * Find a secret and all its stages in a single statement: no rows when the secret
	 * does not exist, one row without a stage when it has none.
	 */
	@Query("""
			select new io.secretstage.secret.StageLookup(s.name, st.key.name, st.versionId, st.updateTime)
			from Secret s left join SecretStage st on st.key.secretId = s.id
			where s.projectId = :projectId and s.name = :secretName""")
	List<StageLookup> findStages(String projectId, String secretName);

	Optional<Secret> findByProjectIdAndName(String projectId, String name);

	/**
	 * Find a secret and lock its row until the transaction ends: every write to a secret,
	 * its versions or its stages takes this lock first, so writes to one secret happen
	 * one at a time.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from Secret s where s.projectId = :projectId and s.name = :name")
	Optional<Secret> findForUpdate(String projectId, String name);

	boolean existsByProjectIdAndName(String projectId, String name);

	Secret saveAndFlush(Secret secret);

	void delete(Secret secret);

}
