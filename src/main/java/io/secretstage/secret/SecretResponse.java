package io.secretstage.secret;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of CreateSecret, ShowSecret, UpdateSecret, DeleteSecretForSchedule and
 * RestoreSecret: {@code {"secret": {...}}}, metadata only.
 *
 * @param secret the secret
 */
record SecretResponse(Details secret) {

	static SecretResponse of(Secret secret, String kmsKeyId) {
		Instant scheduledDeleteTime = secret.getScheduledDeleteTime();
		return new SecretResponse(new Details(secret.getPublicId().toString(), secret.getName(), secret.getState(),
				kmsKeyId, secret.getDescription(), secret.getCreateTime().toEpochMilli(),
				secret.getUpdateTime().toEpochMilli(),
				(scheduledDeleteTime != null) ? scheduledDeleteTime.toEpochMilli() : null, secret.getSecretType(),
				false, List.of(), secret.getEnterpriseProjectId()));
	}

	/**
	 * A secret's metadata.
	 *
	 * @param id the secret's id
	 * @param name its name
	 * @param state {@code ENABLED} or {@code PENDING_DELETE}
	 * @param kmsKeyId the master key its new versions are sealed with
	 * @param description what it is for
	 * @param createTime when it was made, in epoch milliseconds
	 * @param updateTime when it last changed, in epoch milliseconds
	 * @param scheduledDeleteTime when it is to be deleted, if it is pending deletion
	 * @param secretType always {@code COMMON}
	 * @param autoRotation always {@code false}
	 * @param eventSubscriptions the events it is subscribed to; none until events exist
	 * @param enterpriseProjectId its enterprise project, {@code "0"} by default
	 */
	record Details(String id, String name, String state, @JsonProperty("kms_key_id") String kmsKeyId,
			String description, @JsonProperty("create_time") long createTime,
			@JsonProperty("update_time") long updateTime,
			@JsonProperty("scheduled_delete_time") @Nullable Long scheduledDeleteTime,
			@JsonProperty("secret_type") String secretType, @JsonProperty("auto_rotation") boolean autoRotation,
			@JsonProperty("event_subscriptions") List<String> eventSubscriptions,
			@JsonProperty("enterprise_project_id") String enterpriseProjectId) {

	}

	/**
	 * The body of ListSecrets.
	 *
	 * @param secrets this page's secrets, by name in byte order
	 * @param pageInfo where this page is
	 */
	record Page(List<Details> secrets, @JsonProperty("page_info") PageInfo pageInfo) {

		static Page of(List<Details> secrets, boolean more) {
			String first = secrets.isEmpty() ? null : secrets.get(0).name();
			String last = (more && !secrets.isEmpty()) ? secrets.get(secrets.size() - 1).name() : null;
			return new Page(secrets, new PageInfo(secrets.size(), first, last));
		}

	}

	/**
	 * Paging: pass {@code next_marker} as {@code marker} for the next page. A marker
	 * without a value is left out, never {@code null} nor {@code ""}.
	 *
	 * @param currentCount how many secrets this page has
	 * @param previousMarker the name of this page's first secret
	 * @param nextMarker the name of this page's last secret, when more follow
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record PageInfo(@JsonProperty("current_count") int currentCount,
			@JsonProperty("previous_marker") @Nullable String previousMarker,
			@JsonProperty("next_marker") @Nullable String nextMarker) {

	}

}
