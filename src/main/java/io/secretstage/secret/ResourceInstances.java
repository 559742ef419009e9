package io.secretstage.secret;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.secretstage.web.ApiPatterns;
import io.secretstage.web.DigitsOrNumber;
import io.secretstage.web.TagKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body and the answer of ListResourceInstances.
 */
final class ResourceInstances {

	private ResourceInstances() {
	}

	/**
	 * The body of ListResourceInstances.
	 *
	 * @param action {@code filter} for a page of the matching secrets, {@code count} for
	 * their number
	 * @param limit {@code filter} only: how many secrets at most, 1 to 1000, 10 when
	 * absent; a string of digits or a number
	 * @param offset {@code filter} only: how many matching secrets to skip, 0 when
	 * absent; a string of digits or a number
	 * @param tags the keys a secret must all carry, each with one of its values (any
	 * value when there are none)
	 * @param matches what the secret's name must contain, ignoring case
	 * @param sequence the caller's sequence number, accepted and ignored
	 */
	record Request(@NotNull @Pattern(regexp = "filter|count") @Nullable String action,
			@JsonDeserialize(using = DigitsOrNumber.class) @Min(1) @Max(1000) @Nullable Integer limit,
			@JsonDeserialize(using = DigitsOrNumber.class) @PositiveOrZero @Nullable Integer offset,
			@Size(max = 10) @Nullable List<@NotNull @Valid TagFilter> tags,
			@Size(max = 10) @Nullable List<@NotNull @Valid Match> matches,
			@CodePointLength(max = 36) @Nullable String sequence) {

		static final int DEFAULT_LIMIT = 10;

		boolean counts() {
			return "count".equals(this.action);
		}

	}

	/**
	 * A key a secret must carry.
	 *
	 * @param key the key
	 * @param values the values of which it must have one, each once; any value when empty
	 * or absent
	 */
	record TagFilter(
			@NotNull @CodePointLength(min = 1,
					max = TagKey.MAX_LENGTH) @Pattern(regexp = ApiPatterns.TAG_KEY) @Nullable String key,
			@Size(max = 10) @Nullable List<@NotNull @CodePointLength(max = 255) @Pattern(
					regexp = ApiPatterns.STORABLE_TEXT) String> values) {

		List<String> valuesOrNone() {
			return (this.values != null) ? this.values : List.of();
		}

	}

	/**
	 * What a secret's name must contain, ignoring case; an empty value matches nothing.
	 *
	 * @param key only {@code resource_name}
	 * @param value the text
	 */
	record Match(@NotNull @Pattern(regexp = "resource_name") @Nullable String key,
			@NotNull @CodePointLength(max = 255) @Pattern(regexp = ApiPatterns.STORABLE_TEXT) @Nullable String value) {

	}

	/**
	 * The answer: a page of the matching secrets and their number ({@code filter}), or
	 * their number alone ({@code count}).
	 *
	 * @param resources the page, by name in byte order; left out for {@code count}
	 * @param totalCount how many secrets match, on every page
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Response(@Nullable List<Resource> resources, @JsonProperty("total_count") int totalCount) {

	}

	/**
	 * A matching secret.
	 *
	 * @param resourceId its id
	 * @param resourceName its name
	 * @param resourceDetail its metadata, as ShowSecret answers it
	 * @param tags all its tags by key in byte order
	 * @param sysTags system tags: this service has none
	 */
	record Resource(@JsonProperty("resource_id") String resourceId, @JsonProperty("resource_name") String resourceName,
			@JsonProperty("resource_detail") SecretResponse.Details resourceDetail, List<Tag> tags,
			@JsonProperty("sys_tags") List<Tag> sysTags) {

	}

}
