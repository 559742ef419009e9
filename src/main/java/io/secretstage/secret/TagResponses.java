package io.secretstage.secret;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The bodies of the tag reads.
 */
final class TagResponses {

	private TagResponses() {
	}

	/**
	 * The body of ListSecretTags.
	 *
	 * @param tags the secret's tags by key in byte order
	 * @param sysTags system tags: this service has none
	 */
	record SecretTags(List<Tag> tags, @JsonProperty("sys_tags") List<Tag> sysTags) {

		SecretTags(List<Tag> tags) {
			this(tags, List.of());
		}

	}

	/**
	 * A key with the values it has on the project's secrets.
	 *
	 * @param key the key
	 * @param values its distinct values in byte order
	 */
	record KeyValues(String key, List<String> values) {

	}

	/**
	 * The body of ListProjectSecretsTags.
	 *
	 * @param tags every key of the project's secrets in byte order, with its values
	 */
	record ProjectTags(List<KeyValues> tags) {

	}

}
