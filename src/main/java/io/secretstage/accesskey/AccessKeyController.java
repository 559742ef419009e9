package io.secretstage.accesskey;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.CallerIdentity;
import io.secretstage.web.EmptyResponses;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Permanent access keys, in the shape of Huawei IAM's API:
 * {@code /v3.0/OS-CREDENTIAL/credentials}. Callers authenticate with a token or a
 * signature, and manage only their own user's keys.
 */
@RestController
@RequestMapping("/v3.0/OS-CREDENTIAL/credentials")
class AccessKeyController {

	private final AccessKeyService keys;

	AccessKeyController(AccessKeyService keys) {
		this.keys = keys;
	}

	/**
	 * CreatePermanentAccessKey.
	 * @param request the user the key is for, which must be the caller, and its
	 * description
	 * @param caller who asks: the key acts in its project and with its roles
	 * @return 201 with the key and its secret key, shown only this once
	 */
	@PostMapping
	ResponseEntity<CredentialResponse.One> create(@RequestBody @Valid CreateCredentialRequest request,
			@AuthenticationPrincipal CallerIdentity caller) {
		CreateCredentialRequest.Credential credential = fields(request.credential());
		if (credential.userId() == null) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER, "The value of parameter user_id is invalid.");
		}
		String description = (credential.description() != null) ? credential.description() : "";
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(CredentialResponse.created(this.keys.create(caller, credential.userId(), description)));
	}

	/**
	 * ListPermanentAccessKeys: the caller's own when no user is named.
	 * @param userId the user whose keys to list, which must be the caller's
	 * @param caller who asks
	 * @return the keys, without their secret keys or last use
	 */
	@GetMapping
	CredentialResponse.Many list(@RequestParam(name = "user_id", required = false) @Nullable String userId,
			@AuthenticationPrincipal CallerIdentity caller) {
		return CredentialResponse.listed(this.keys.list(caller, (userId != null) ? userId : caller.userId()));
	}

	/**
	 * ShowPermanentAccessKey.
	 * @param accessKey the key's id
	 * @param caller who asks, who must own the key
	 * @return the key with its last use, without its secret key
	 */
	@GetMapping("/{access_key}")
	CredentialResponse.One show(@PathVariable("access_key") @Pattern(regexp = AccessKeys.ID_PATTERN) String accessKey,
			@AuthenticationPrincipal CallerIdentity caller) {
		return CredentialResponse.shown(this.keys.show(caller, accessKey));
	}

	/**
	 * UpdatePermanentAccessKey: its status or description.
	 * @param accessKey the key's id
	 * @param request the new status or description; a field left out is kept
	 * @param caller who asks, who must own the key
	 * @return the key as changed
	 */
	@PutMapping("/{access_key}")
	CredentialResponse.One update(@PathVariable("access_key") @Pattern(regexp = AccessKeys.ID_PATTERN) String accessKey,
			@RequestBody @Valid UpdateCredentialRequest request, @AuthenticationPrincipal CallerIdentity caller) {
		UpdateCredentialRequest.Credential credential = fields(request.credential());
		return CredentialResponse
			.changed(this.keys.update(caller, accessKey, credential.status(), credential.description()));
	}

	/**
	 * DeletePermanentAccessKey.
	 * @param accessKey the key's id
	 * @param caller who asks, who must own the key
	 * @return 204 with no body
	 */
	@DeleteMapping("/{access_key}")
	ResponseEntity<Void> delete(@PathVariable("access_key") @Pattern(regexp = AccessKeys.ID_PATTERN) String accessKey,
			@AuthenticationPrincipal CallerIdentity caller) {
		this.keys.delete(caller, accessKey);
		return EmptyResponses.of(HttpStatus.NO_CONTENT);
	}

	private static <T> T fields(@Nullable T credential) {
		if (credential == null) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER, "The value of parameter credential is invalid.");
		}
		return credential;
	}

}
