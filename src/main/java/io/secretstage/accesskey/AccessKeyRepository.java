package io.secretstage.accesskey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The access keys.
 */
interface AccessKeyRepository extends Repository<AccessKey, String> {

	AccessKey save(AccessKey key);

	Optional<AccessKey> findById(String accessKey);

	List<AccessKey> findByUserIdOrderByCreateTime(String userId);

	long countByUserId(String userId);

	void delete(AccessKey key);

	/**
	 * Hold a lock on the user's keys until the transaction ends, so that two creations
	 * cannot both pass the limit of keys per user.
	 * @param userId the user whose keys to lock
	 * @return always 1
	 */
	@Query(nativeQuery = true,
			value = "select count(*) from (select pg_advisory_xact_lock(hashtextextended('access_key/' || :userId, 0))) l")
	long lockUser(String userId);

	@Modifying
	@Query("update AccessKey k set k.lastUseTime = :time where k.accessKey = :accessKey")
	int recordUse(String accessKey, Instant time);

}
