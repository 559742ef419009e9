package io.secretstage.stage;

import java.util.Optional;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * Secrets, read together with their stages.
 */
interface SecretRepository extends Repository<Secret, Long> {

	/**
	 * Find a secret and one of its stages in a single statement. Empty when the secret
	 * does not exist; a lookup without a version when the stage does not.
	 */
	@Query("""
			select new io.secretstage.stage.StageLookup(s.name, st.versionId, st.updateTime)
			from Secret s left join SecretStage st on st.key.secretId = s.id and st.key.name = :stageName
			where s.projectId = :projectId and s.name = :secretName""")
	Optional<StageLookup> findStage(String projectId, String secretName, String stageName);

}
