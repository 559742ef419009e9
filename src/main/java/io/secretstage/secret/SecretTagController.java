package io.secretstage.secret;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

import io.secretstage.error.ApiException;
import io.secretstage.identity.AccessPolicy;
import io.secretstage.identity.AccessPolicy.Operation;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.identity.ReadWithBody;
import io.secretstage.web.EmptyResponses;
import io.secretstage.web.ProjectId;
import io.secretstage.web.SecretId;
import io.secretstage.web.TagKey;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tags, addressed by the secret's id ({@code /v1/{project_id}/csms/{secret_id}/tags}),
 * and the search of secrets by tag
 * ({@code /v1/{project_id}/csms/resource_instances/action}).
 */
@RestController
class SecretTagController {

	private final SecretTagService tags;

	private final ResourceInstanceSearch search;

	private final AccessPolicy access;

	SecretTagController(SecretTagService tags, ResourceInstanceSearch search, AccessPolicy access) {
		this.tags = tags;
		this.search = search;
		this.access = access;
	}

	/**
	 * CreateSecretTag: adds the tag, or replaces the value of the key the secret has.
	 * @param project the project the secret is in
	 * @param secret the secret's id
	 * @param request the tag
	 * @param caller who asks, who needs write access to the project
	 * @return 204 with no body
	 */
	@PostMapping("/v1/{project_id}/csms/{secret_id}/tags")
	ResponseEntity<Void> create(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_id") SecretId secret, @RequestBody @Valid TagRequests.Create request,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		this.tags.create(caller, project.value(), secret, List.of(Objects.requireNonNull(request.tag())),
				"CreateSecretTag");
		return EmptyResponses.of(HttpStatus.NO_CONTENT);
	}

	/**
	 * DeleteSecretTag.
	 * @param project the project the secret is in
	 * @param secret the secret's id
	 * @param key the tag's key, percent-decoded
	 * @param caller who asks, who needs write access to the project
	 * @return 204 with no body
	 */
	@DeleteMapping("/v1/{project_id}/csms/{secret_id}/tags/{key}")
	ResponseEntity<Void> delete(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_id") SecretId secret, @PathVariable("key") TagKey key,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		this.tags.delete(caller, project.value(), secret, key.value());
		return EmptyResponses.of(HttpStatus.NO_CONTENT);
	}

	/**
	 * BatchCreateOrDeleteTags: {@code create} adds or replaces every tag or none;
	 * {@code delete} removes those the secret has and skips the others.
	 * @param project the project the secret is in
	 * @param secret the secret's id
	 * @param request the action and the tags, each key once
	 * @param caller who asks, who needs write access to the project
	 * @return 204 with no body
	 */
	@PostMapping("/v1/{project_id}/csms/{secret_id}/tags/action")
	ResponseEntity<Void> batch(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_id") SecretId secret, @RequestBody @Valid TagRequests.Batch request,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.WRITE);
		List<TagRequests.Entry> entries = Objects.requireNonNull(request.tags());
		if (new HashSet<>(entries.stream().map(TagRequests.Entry::keyOrEmpty).toList()).size() < entries.size()) {
			throw ApiException.invalidParameters("tags");
		}
		if ("create".equals(request.action())) {
			this.tags.create(caller, project.value(), secret, entries, "BatchCreateOrDeleteTags");
		}
		else {
			this.tags.deleteAll(caller, project.value(), secret, entries);
		}
		return EmptyResponses.of(HttpStatus.NO_CONTENT);
	}

	/**
	 * ListSecretTags, by key in byte order.
	 * @param project the project the secret is in
	 * @param secret the secret's id
	 * @param caller who asks, who needs read access to the project
	 * @return the secret's tags
	 */
	@GetMapping("/v1/{project_id}/csms/{secret_id}/tags")
	TagResponses.SecretTags list(@PathVariable("project_id") ProjectId project,
			@PathVariable("secret_id") SecretId secret, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.READ);
		return new TagResponses.SecretTags(this.tags.list(project.value(), secret));
	}

	/**
	 * ListProjectSecretsTags: every key on the project's secrets, with its values.
	 * @param project the project
	 * @param caller who asks, who needs read access to the project
	 * @return the keys and their values
	 */
	@GetMapping("/v1/{project_id}/csms/tags")
	TagResponses.ProjectTags listProject(@PathVariable("project_id") ProjectId project,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.READ);
		return new TagResponses.ProjectTags(this.tags.listProject(project.value()));
	}

	/**
	 * ListResourceInstances: the project's secrets found by tags and names, a page of
	 * them or their number. A read, although it takes a body.
	 * @param project the project
	 * @param request what to find and how to answer
	 * @param caller who asks, who needs read access to the project
	 * @return the page and the number of matches, or the number alone
	 */
	@ReadWithBody
	@PostMapping("/v1/{project_id}/csms/resource_instances/action")
	ResourceInstances.Response resourceInstances(@PathVariable("project_id") ProjectId project,
			@RequestBody @Valid ResourceInstances.Request request, @AuthenticationPrincipal CallerIdentity caller) {
		this.access.check(caller, project.value(), Operation.READ);
		return this.search.search(project.value(), request);
	}

}
