package io.secretstage.secret;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The versions of secrets.
 */
interface SecretVersionRepository extends Repository<SecretVersion, SecretVersion.Key> {

	SecretVersion save(SecretVersion version);

	Optional<SecretVersion> findById(SecretVersion.Key key);

	Optional<SecretVersion> findFirstByKeySecretIdOrderByNumberDesc(long secretId);

	List<SecretVersion> findByKeySecretIdAndNumberGreaterThanOrderByNumber(long secretId, long after, Limit limit);

	List<SecretVersion> findByKeySecretIdOrderByNumber(long secretId);

	long countByKeySecretId(long secretId);

	/**
	 * Delete the oldest version that no stage points at.
	 * @param secretId the database id of the secret
	 * @return how many versions were deleted (0 or 1)
	 */
	@Modifying(flushAutomatically = true)
	@Query(nativeQuery = true,
			value = """
					delete from secret_version where secret_id = :secretId and version_number = (
					    select min(v.version_number) from secret_version v
					    where v.secret_id = :secretId
					      and not exists (select 1 from secret_stage s where s.secret_id = v.secret_id and s.version_id = v.version_id))""")
	int deleteOldestUnstaged(long secretId);

}
