package io.secretstage.secret;

import java.util.List;

import org.springframework.data.repository.Repository;

/**
 * The stages of secrets.
 */
interface SecretStageRepository extends Repository<SecretStage, SecretStage.Key> {

	List<SecretStage> findByKeySecretIdOrderByKeyName(long secretId);

	SecretStage save(SecretStage stage);

	void delete(SecretStage stage);

}
