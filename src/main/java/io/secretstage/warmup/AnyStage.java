package io.secretstage.warmup;

import java.util.Optional;

/**
 * Finds any one stage that exists, for the warm-up to read.
 */
@FunctionalInterface
interface AnyStage {

	/**
	 * Any one stage.
	 * @return where it is read, or nothing in an empty database
	 * @throws org.springframework.dao.DataAccessException if the database cannot be read
	 */
	Optional<StagePath> find();

	/**
	 * Where a stage is read.
	 *
	 * @param projectId the project
	 * @param secretName the secret's name
	 * @param stageName the stage's name
	 */
	record StagePath(String projectId, String secretName, String stageName) {

	}

}
