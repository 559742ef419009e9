package io.secretstage.accesskey;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;

import io.secretstage.crypto.EnvelopeCipher;
import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.observability.LogMasks;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Creates, reads, changes and deletes access keys, as Huawei IAM's permanent access keys:
 * a user manages only its own keys, at most two of them, and a key acts in the project
 * and with the roles of the credentials that created it.
 */
@Service
class AccessKeyService {

	static final int MAX_KEYS_PER_USER = 2;

	private final AccessKeyRepository keys;

	private final EnvelopeCipher cipher;

	private final AccessKeyCache cache;

	private final Clock clock;

	AccessKeyService(AccessKeyRepository keys, EnvelopeCipher cipher, AccessKeyCache cache, Clock clock) {
		this.keys = keys;
		this.cipher = cipher;
		this.cache = cache;
		this.clock = clock;
	}

	/**
	 * Create a key for the caller's own user, bound to the caller's project and roles.
	 * @param caller who asks: the key gets its user, project and roles
	 * @param userId the user the key is for, which must be the caller's
	 * @param description what the key is for
	 * @return the key and its secret key, which is never shown again
	 */
	@Transactional
	Created create(CallerIdentity caller, String userId, String description) {
		ownedBy(caller, userId);
		String projectId = caller.projectId();
		if (projectId == null) {
			throw new ApiException(ErrorCode.NO_PERMISSION,
					"An access key acts in the project of the credentials that create it: use a project-scoped token.");
		}
		this.keys.lockUser(userId);
		if (this.keys.countByUserId(userId) >= MAX_KEYS_PER_USER) {
			throw new ApiException(ErrorCode.ACCESS_KEY_LIMIT,
					"The number of access keys has reached the upper limit of " + MAX_KEYS_PER_USER + " per user.");
		}
		String accessKey = AccessKeys.newId();
		String secret = AccessKeys.newSecret();
		EnvelopeCipher.Sealed sealed = this.cipher.seal(secret.getBytes(StandardCharsets.UTF_8),
				AccessKeys.sealContext(accessKey), null);
		AccessKey key = this.keys.save(new AccessKey(accessKey, userId, caller.userName(), projectId, caller.roles(),
				description, sealed, this.clock.instant().truncatedTo(ChronoUnit.MICROS)));
		return new Created(key, secret);
	}

	/**
	 * The keys of the caller's own user.
	 * @param caller who asks
	 * @param userId the user whose keys to list, which must be the caller's
	 * @return the keys, oldest first
	 */
	@Transactional(readOnly = true)
	List<AccessKey> list(CallerIdentity caller, String userId) {
		ownedBy(caller, userId);
		return this.keys.findByUserIdOrderByCreateTime(userId);
	}

	/**
	 * One of the caller's keys.
	 * @param caller who asks, who must own the key
	 * @param accessKey the key's id
	 * @return the key
	 */
	@Transactional(readOnly = true)
	AccessKey show(CallerIdentity caller, String accessKey) {
		return owned(caller, accessKey);
	}

	/**
	 * Activate or deactivate one of the caller's keys, or change its description.
	 * @param caller who asks, who must own the key
	 * @param accessKey the key's id
	 * @param status {@code active} or {@code inactive}, or {@code null} to keep it
	 * @param description the new description, or {@code null} to keep it
	 * @return the key as changed
	 */
	@Transactional
	AccessKey update(CallerIdentity caller, String accessKey, @Nullable String status, @Nullable String description) {
		AccessKey key = owned(caller, accessKey);
		if (status != null) {
			key.setStatus(status);
		}
		if (description != null) {
			key.setDescription(description);
		}
		forgetOnCommit(accessKey);
		return key;
	}

	/**
	 * Delete one of the caller's keys.
	 * @param caller who asks, who must own the key
	 * @param accessKey the key's id
	 */
	@Transactional
	void delete(CallerIdentity caller, String accessKey) {
		this.keys.delete(owned(caller, accessKey));
		forgetOnCommit(accessKey);
	}

	/**
	 * A key as signature checks need it, its secret key unsealed.
	 * @param accessKey the access key id a request named
	 * @return the key, or empty if there is none
	 */
	@Transactional(readOnly = true)
	Optional<KnownKey> load(String accessKey) {
		return this.keys.findById(accessKey).map((key) -> {
			byte[] secretKey = this.cipher.open(key.getSecretKey(), AccessKeys.sealContext(key.getAccessKey()));
			Mac signer = SdkSignature.hmac(secretKey);
			Arrays.fill(secretKey, (byte) 0);
			CallerIdentity identity = new CallerIdentity(key.getUserId(), key.getUserName(), key.getProjectId(),
					key.getRoles(), null);
			Instant lastUse = key.getLastUseTime();
			return new KnownKey(key.getAccessKey(), signer, identity, key.isActive(),
					new AtomicLong((lastUse != null) ? lastUse.toEpochMilli() : 0));
		});
	}

	/**
	 * Write when a key was last used.
	 * @param accessKey the key's id
	 * @param time when it was used, stored to the microsecond
	 */
	@Transactional
	void recordUse(String accessKey, Instant time) {
		this.keys.recordUse(accessKey, time.truncatedTo(ChronoUnit.MICROS));
	}

	private AccessKey owned(CallerIdentity caller, String accessKey) {
		AccessKey key = this.keys.findById(accessKey).orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_NOT_FOUND));
		ownedBy(caller, key.getUserId());
		return key;
	}

	private static void ownedBy(CallerIdentity caller, String userId) {
		if (!Objects.equals(caller.userId(), userId)) {
			throw new ApiException(ErrorCode.NO_PERMISSION, "A user manages only its own access keys.");
		}
	}

	/**
	 * Drop the key from this instance's cache once the change is committed; other
	 * instances learn of it from the database's notice.
	 * @param accessKey the changed key's id
	 */
	private void forgetOnCommit(String accessKey) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				AccessKeyService.this.cache.changed(accessKey);
			}

		});
	}

	/**
	 * A new key and its secret key.
	 *
	 * @param key the key as stored
	 * @param secret its secret key in clear, to be shown once
	 */
	record Created(AccessKey key, String secret) {

		@Override
		public String toString() {
			return "Created[accessKey=" + LogMasks.accessKey(this.key.getAccessKey()) + ", secret=(hidden)]";
		}

	}

}
