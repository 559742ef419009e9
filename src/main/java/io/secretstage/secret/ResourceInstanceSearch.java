package io.secretstage.secret;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.secretstage.crypto.EnvelopeCipher;
import io.secretstage.error.ApiException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * ListResourceInstances: a project's secrets found by their tags and names. One statement
 * counts the matches and, for {@code filter}, one more reads the page's ids by name; the
 * page's secrets and tags follow by id. Each tag filter is an {@code exists} on the tag
 * table, which its index on (project, key, value) answers (docs/performance.md).
 */
@Component
class ResourceInstanceSearch {

	private static final String TAG_FILTER = """
			and exists (select 1 from secret_tag t where t.project_id = :project and t.secret_id = s.id
			  and t.tag_key = :key%1$d%2$s)""";

	private final JdbcClient jdbc;

	private final SecretRepository secrets;

	private final SecretTagRepository tags;

	private final EnvelopeCipher cipher;

	private final Clock clock;

	ResourceInstanceSearch(JdbcClient jdbc, SecretRepository secrets, SecretTagRepository tags, EnvelopeCipher cipher,
			Clock clock) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.tags = tags;
		this.cipher = cipher;
		this.clock = clock;
	}

	/**
	 * Find the secrets that carry every key of {@code tags} (with one of its values, if
	 * any are given) and whose names contain every {@code matches} value, ignoring case;
	 * pending deletion or not, but not once their deletion time has come.
	 * @param projectId the project
	 * @param request what to find and how to answer
	 * @return the number of matches, and for {@code filter} a page of them by name
	 * @throws ApiException 400 {@code CSMS.0002} if a key, or a value of one key, is
	 * given twice
	 */
	@Transactional(readOnly = true)
	ResourceInstances.Response search(String projectId, ResourceInstances.Request request) {
		List<ResourceInstances.TagFilter> filters = Objects.requireNonNullElse(request.tags(), List.of());
		if (repeats(filters, ResourceInstances.TagFilter::key)
				|| filters.stream().anyMatch((filter) -> repeats(filter.valuesOrNone(), Function.identity()))) {
			throw ApiException.invalidParameters("tags");
		}
		List<ResourceInstances.Match> matches = Objects.requireNonNullElse(request.matches(), List.of());
		if (matches.stream().anyMatch((match) -> Objects.requireNonNull(match.value()).isEmpty())) {
			return new ResourceInstances.Response(request.counts() ? null : List.of(), 0);
		}
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("project", projectId);
		parameters.put("now", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
		StringBuilder where = new StringBuilder("""
				where s.project_id = :project
				  and (s.scheduled_delete_time is null or s.scheduled_delete_time > :now)""");
		for (int i = 0; i < filters.size(); i++) {
			ResourceInstances.TagFilter filter = filters.get(i);
			parameters.put("key" + i, Objects.requireNonNull(filter.key()));
			if (!filter.valuesOrNone().isEmpty()) {
				parameters.put("values" + i, filter.valuesOrNone());
			}
			where.append(TAG_FILTER.formatted(i,
					filter.valuesOrNone().isEmpty() ? "" : " and t.tag_value in (:values" + i + ")"));
		}
		for (int i = 0; i < matches.size(); i++) {
			// Names are ASCII, which lower() folds in the "C" collation.
			parameters.put("match" + i, Objects.requireNonNull(matches.get(i).value()).toLowerCase(Locale.ROOT));
			where.append(" and strpos(lower(s.name), :match").append(i).append(") > 0");
		}
		int total = this.jdbc.sql("select count(*) from secret s " + where)
			.params(parameters)
			.query(Integer.class)
			.single();
		if (request.counts()) {
			return new ResourceInstances.Response(null, total);
		}
		parameters.put("limit", Objects.requireNonNullElse(request.limit(), ResourceInstances.Request.DEFAULT_LIMIT));
		parameters.put("offset", Objects.requireNonNullElse(request.offset(), 0));
		List<Long> ids = this.jdbc
			.sql("select s.id from secret s " + where + " order by s.name limit :limit offset :offset")
			.params(parameters)
			.query(Long.class)
			.list();
		return new ResourceInstances.Response(resources(ids), total);
	}

	private List<ResourceInstances.Resource> resources(List<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<Long, Secret> byId = this.secrets.findByIdIn(ids)
			.stream()
			.collect(Collectors.toMap(Secret::getId, Function.identity()));
		Map<Long, List<Tag>> tagsById = new HashMap<>();
		for (SecretTag tag : this.tags.findByKeySecretIdInOrderByKeySecretIdAscKeyTagKeyAsc(ids)) {
			tagsById.computeIfAbsent(tag.getSecretId(), (id) -> new ArrayList<>())
				.add(new Tag(tag.getKey(), tag.getValue()));
		}
		List<ResourceInstances.Resource> resources = new ArrayList<>(ids.size());
		for (Long id : ids) {
			Secret secret = byId.get(id);
			if (secret == null) {
				// Deleted since its id was read.
				continue;
			}
			String kmsKeyId = Objects.requireNonNullElse(secret.getKmsKeyId(), this.cipher.primaryKeyId());
			resources.add(new ResourceInstances.Resource(secret.getPublicId().toString(), secret.getName(),
					SecretResponse.of(secret, kmsKeyId).secret(), tagsById.getOrDefault(id, List.of()), List.of()));
		}
		return resources;
	}

	private static <T> boolean repeats(List<T> items, Function<T, ?> identity) {
		return new HashSet<>(items.stream().map(identity).toList()).size() < items.size();
	}

}
