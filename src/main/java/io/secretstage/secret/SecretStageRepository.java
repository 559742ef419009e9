package io.secretstage.secret;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

/**
 * The stages of secrets.
 */
interface SecretStageRepository extends Repository<SecretStage, SecretStage.Key> {

	List<SecretStage> findByKeySecretIdOrderByKeyName(long secretId);

	Optional<SecretStage> findById(SecretStage.Key key);

	SecretStage save(SecretStage stage);

	void delete(SecretStage stage);

}
