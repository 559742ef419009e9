package io.secretstage.secret;

import java.util.List;

import io.secretstage.web.ApiPatterns;
import io.secretstage.web.TagKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

/**
 * The bodies of the tag writes.
 */
final class TagRequests {

	/** The most keys a secret has, and the most tags one batch names. */
	static final int MAX_TAGS = 20;

	private TagRequests() {
	}

	/**
	 * A tag as a request gives it.
	 *
	 * @param key its key
	 * @param value its value: {@code ""} when a tag is made without one; in a batch
	 * {@code delete}, the key is deleted only if it has this value, whatever its value
	 * when there is none
	 */
	record Entry(
			@NotNull @CodePointLength(min = 1,
					max = TagKey.MAX_LENGTH) @Pattern(regexp = ApiPatterns.TAG_KEY) @Nullable String key,
			@CodePointLength(max = 255) @Pattern(regexp = ApiPatterns.TAG_VALUE) @Nullable String value) {

		String keyOrEmpty() {
			return (this.key != null) ? this.key : "";
		}

	}

	/**
	 * The body of CreateSecretTag.
	 *
	 * @param tag the tag to add, or whose key's value to replace
	 * @param sequence the caller's sequence number, accepted and ignored
	 */
	record Create(@NotNull @Valid @Nullable Entry tag, @CodePointLength(max = 36) @Nullable String sequence) {

	}

	/**
	 * The body of BatchCreateOrDeleteTags.
	 *
	 * @param action {@code create} or {@code delete}
	 * @param tags 1 to 20 tags, each key once
	 * @param sequence the caller's sequence number, accepted and ignored
	 */
	record Batch(@NotNull @Pattern(regexp = "create|delete") @Nullable String action,
			@NotNull @Size(min = 1, max = MAX_TAGS) @Nullable List<@NotNull @Valid Entry> tags,
			@CodePointLength(max = 36) @Nullable String sequence) {

	}

}
