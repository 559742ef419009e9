package io.secretstage.secret;

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
	 * Find a secret and one of its stages in a single statement. Empty when the secret
	 * does not exist; a lookup without a version when the stage does not.
	 */
	@Query("""
			select new io.secretstage.secret.StageLookup(s.name, st.versionId, st.updateTime)
			from Secret s left join SecretStage st on st.key.secretId = s.id and st.key.name = :stageName
			where s.projectId = :projectId and s.name = :secretName""")
	Optional<StageLookup> findStage(String projectId, String secretName, String stageName);

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
