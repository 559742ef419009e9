package io.secretstage.secret;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The stages of secrets.
 */
interface SecretStageRepository extends Repository<SecretStage, SecretStage.Key> {

	List<SecretStage> findByKeySecretIdOrderByKeyName(long secretId);

	Optional<SecretStage> findById(SecretStage.Key key);

	SecretStage save(SecretStage stage);

	void delete(SecretStage stage);

	/**
	 * Any one stage that exists, for the warm-up to read.
	 * @return its project, secret and name, or nothing in an empty database
	 */
	@Query(value = "select s.project_id as projectId, s.name as secretName, st.name as stageName "
			+ "from secret s join secret_stage st on st.secret_id = s.id limit 1", nativeQuery = true)
	Optional<StagePath> findAnyStage();

	/** Where a stage is read. */
	interface StagePath {

		String getProjectId();

		String getSecretName();

		String getStageName();

	}

}
