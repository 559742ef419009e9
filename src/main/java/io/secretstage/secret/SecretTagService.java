package io.secretstage.secret;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.web.SecretId;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tags of secrets, addressed by the secret's id: each write takes the secret's row
 * lock first ({@link SecretWrites#lock(SecretWrites.Edit, String, SecretId)}), so the 20
 * keys of a secret hold whatever the interleaving, and leaves one audit row when it
 * changes anything. Tags do not change the secret's {@code update_time}.
 */
@Service
class SecretTagService {

	private final SecretRepository secrets;

	private final SecretTagRepository tags;

	private final SecretWrites writes;

	private final Clock clock;

	SecretTagService(SecretRepository secrets, SecretTagRepository tags, SecretWrites writes, Clock clock) {
		this.secrets = secrets;
		this.tags = tags;
		this.writes = writes;
		this.clock = clock;
	}

	/**
	 * Add tags, or replace the values of keys the secret has: all or nothing.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param secretId the secret's id
	 * @param entries the tags, each key once
	 * @param operation the API operation, as the audit trail records it
	 * @throws ApiException 404 if there is no such secret, 403 if it is pending deletion,
	 * 400 {@code CSMS.0904} if it would then have more than 20 keys
	 */
	@Transactional
	void create(CallerIdentity caller, String projectId, SecretId secretId, List<TagRequests.Entry> entries,
			String operation) {
		SecretWrites.Edit edit = this.writes.edit(caller, operation);
		Secret secret = this.writes.lock(edit, projectId, secretId);
		secret.requireEnabled();
		Map<String, SecretTag> held = held(secret);
		Set<String> keys = new HashSet<>(held.keySet());
		entries.forEach((entry) -> keys.add(entry.keyOrEmpty()));
		if (keys.size() > TagRequests.MAX_TAGS) {
			throw new ApiException(ErrorCode.TAG_LIMIT);
		}
		boolean changed = false;
		for (TagRequests.Entry entry : entries) {
			String value = Objects.requireNonNullElse(entry.value(), "");
			SecretTag tag = held.get(entry.keyOrEmpty());
			if (tag == null) {
				this.tags.save(new SecretTag(secret, entry.keyOrEmpty(), value));
				changed = true;
			}
			else if (!tag.getValue().equals(value)) {
				tag.setValue(value);
				changed = true;
			}
		}
		if (changed) {
			this.writes.recordChange(edit, secret);
		}
	}

	/**
	 * Delete tags: each key whose value is the one given, or whatever its value when none
	 * is given; keys the secret lacks, or with another value, are skipped.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param secretId the secret's id
	 * @param entries the tags, each key once
	 * @throws ApiException 404 if there is no such secret, 403 if it is pending deletion
	 */
	@Transactional
	void deleteAll(CallerIdentity caller, String projectId, SecretId secretId, List<TagRequests.Entry> entries) {
		SecretWrites.Edit edit = this.writes.edit(caller, "BatchCreateOrDeleteTags");
		Secret secret = this.writes.lock(edit, projectId, secretId);
		secret.requireEnabled();
		Map<String, SecretTag> held = held(secret);
		boolean changed = false;
		for (TagRequests.Entry entry : entries) {
			SecretTag tag = held.get(entry.keyOrEmpty());
			if (tag != null && (entry.value() == null || entry.value().equals(tag.getValue()))) {
				this.tags.delete(tag);
				changed = true;
			}
		}
		if (changed) {
			this.writes.recordChange(edit, secret);
		}
	}

	/**
	 * Delete one tag, whatever its value.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project the secret is in
	 * @param secretId the secret's id
	 * @param key the tag's key
	 * @throws ApiException 404 {@code CSMS.0106} if there is no such secret, 404
	 * {@code CSMS.0005} if it has no such key, 403 if it is pending deletion
	 */
	@Transactional
	void delete(CallerIdentity caller, String projectId, SecretId secretId, String key) {
		SecretWrites.Edit edit = this.writes.edit(caller, "DeleteSecretTag");
		Secret secret = this.writes.lock(edit, projectId, secretId);
		Optional<SecretTag> tag = this.tags.findById(new SecretTag.Key(secret.getId(), key));
		if (tag.isEmpty()) {
			throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
		}
		secret.requireEnabled();
		this.tags.delete(tag.get());
		this.writes.recordChange(edit, secret);
	}

	/**
	 * A secret's tags by key in byte order; one pending deletion too.
	 * @param projectId the project the secret is in
	 * @param secretId the secret's id
	 * @return its tags
	 * @throws ApiException 404 if the project has no such secret
	 */
	@Transactional(readOnly = true)
	List<Tag> list(String projectId, SecretId secretId) {
		Secret secret = this.secrets.findPresentById(projectId, secretId, this.clock.instant());
		return this.tags.findByKeySecretIdOrderByKeyTagKey(secret.getId())
			.stream()
			.map((tag) -> new Tag(tag.getKey(), tag.getValue()))
			.toList();
	}

	/**
	 * Every key that a secret of the project carries, with its distinct values, each by
	 * byte order.
	 * @param projectId the project
	 * @return the keys and their values
	 */
	@Transactional(readOnly = true)
	List<TagResponses.KeyValues> listProject(String projectId) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		for (Tag pair : this.tags.findProjectPairs(projectId, this.clock.instant())) {
			values.computeIfAbsent(pair.key(), (key) -> new ArrayList<>()).add(pair.value());
		}
		return values.entrySet()
			.stream()
			.map((entry) -> new TagResponses.KeyValues(entry.getKey(), entry.getValue()))
			.toList();
	}

	private Map<String, SecretTag> held(Secret secret) {
		Map<String, SecretTag> held = new HashMap<>();
		for (SecretTag tag : this.tags.findByKeySecretIdOrderByKeyTagKey(secret.getId())) {
			held.put(tag.getKey(), tag);
		}
		return held;
	}

}
