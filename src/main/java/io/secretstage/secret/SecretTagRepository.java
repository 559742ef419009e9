package io.secretstage.secret;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The tags of secrets.
 */
interface SecretTagRepository extends Repository<SecretTag, SecretTag.Key> {

	/**
	 * A secret's tags by key in byte order ({@code COLLATE "C"}).
	 * @param secretId the secret's database id
	 * @return its tags
	 */
	List<SecretTag> findByKeySecretIdOrderByKeyTagKey(long secretId);

	/**
	 * The tags of several secrets, each secret's by key in byte order.
	 * @param secretIds the secrets' database ids
	 * @return their tags
	 */
	List<SecretTag> findByKeySecretIdInOrderByKeySecretIdAscKeyTagKeyAsc(Collection<Long> secretIds);

	/**
	 * Every key and value that a secret of the project carries, each pair once, by key
	 * and value in byte order; the secrets whose scheduled deletion time has come are
	 * left out.
	 * @param projectId the project
	 * @param now the time
	 * @return the pairs
	 */
	@Query("""
			select distinct new io.secretstage.secret.Tag(t.key.tagKey, t.value) from SecretTag t join Secret s on s.id = t.key.secretId
			where t.projectId = :projectId and s.projectId = :projectId
			  and (s.scheduledDeleteTime is null or s.scheduledDeleteTime > :now)
			order by t.key.tagKey, t.value""")
	List<Tag> findProjectPairs(String projectId, Instant now);

	Optional<SecretTag> findById(SecretTag.Key key);

	SecretTag save(SecretTag tag);

	void delete(SecretTag tag);

}
