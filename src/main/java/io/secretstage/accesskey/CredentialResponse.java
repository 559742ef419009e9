package io.secretstage.accesskey;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.secretstage.observability.LogMasks;
import org.jspecify.annotations.Nullable;

/**
 * The bodies of the access key API, as Huawei IAM's: {@code {"credential": {...}}} and
 * {@code {"credentials": [...]}}. Times are IAM's ISO-8601 UTC strings with microseconds
 * ({@code 2026-11-29T09:08:49.965000Z}).
 */
final class CredentialResponse {

	private static final DateTimeFormatter IAM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private CredentialResponse() {
	}

	/**
	 * A new key, with its secret key: the only answer that ever shows it.
	 * @param created the new key and its secret key
	 * @return the body of CreatePermanentAccessKey
	 */
	static One created(AccessKeyService.Created created) {
		AccessKey key = created.key();
		return new One(new Credential(key.getAccessKey(), created.secret(), key.getStatus(), key.getUserId(),
				time(key.getCreateTime()), null, key.getDescription()));
	}

	/**
	 * A key with its last use.
	 * @param key the key
	 * @return the body of ShowPermanentAccessKey
	 */
	static One shown(AccessKey key) {
		return new One(new Credential(key.getAccessKey(), null, key.getStatus(), key.getUserId(),
				time(key.getCreateTime()), timeOrNull(key.getLastUseTime()), key.getDescription()));
	}

	/**
	 * A changed key.
	 * @param key the key as changed
	 * @return the body of UpdatePermanentAccessKey
	 */
	static One changed(AccessKey key) {
		return new One(listed(key));
	}

	/**
	 * Keys, without their last use.
	 * @param keys the keys
	 * @return the body of ListPermanentAccessKeys
	 */
	static Many listed(List<AccessKey> keys) {
		return new Many(keys.stream().map(CredentialResponse::listed).toList());
	}

	private static Credential listed(AccessKey key) {
		return new Credential(key.getAccessKey(), null, key.getStatus(), key.getUserId(), time(key.getCreateTime()),
				null, key.getDescription());
	}

	private static String time(Instant time) {
		return IAM_TIME.format(time);
	}

	private static @Nullable String timeOrNull(@Nullable Instant time) {
		return (time != null) ? time(time) : null;
	}

	/**
	 * {@code {"credential": {...}}}.
	 *
	 * @param credential the key
	 */
	record One(Credential credential) {

	}

	/**
	 * {@code {"credentials": [...]}}.
	 *
	 * @param credentials the keys
	 */
	record Many(List<Credential> credentials) {

	}

	/**
	 * An access key as IAM shows it; fields without a value are left out.
	 *
	 * @param access the access key id
	 * @param secret the secret key, only when the key is created
	 * @param status {@code active} or {@code inactive}
	 * @param userId the user it belongs to
	 * @param createTime when it was created
	 * @param lastUseTime when it last signed a request (to within a minute), when shown
	 * alone and used
	 * @param description what it is for
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Credential(String access, @Nullable String secret, String status, @JsonProperty("user_id") String userId,
			@JsonProperty("create_time") String createTime, @JsonProperty("last_use_time") @Nullable String lastUseTime,
			String description) {

		@Override
		public String toString() {
			return "Credential[access=" + LogMasks.accessKey(this.access) + ", secret=(hidden)]";
		}

	}

}
