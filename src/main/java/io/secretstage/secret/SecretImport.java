package io.secretstage.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.identity.CallerIdentity;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * BatchImportSecrets: each entry is read, checked and created as CreateSecret would, in a
 * transaction of its own; an entry that fails is reported with the error CreateSecret
 * would have answered, and stops nothing else.
 */
@Component
class SecretImport {

	static final int MAX_ENTRIES = 100;

	private final SecretService secrets;

	private final JsonMapper json;

	private final Validator validator;

	SecretImport(SecretService secrets, JsonMapper json, Validator validator) {
		this.secrets = secrets;
		this.json = json;
		this.validator = validator;
	}

	/**
	 * Create each entry's secret, the first of two entries with one name first.
	 * @param caller who asks, recorded in the audit trail
	 * @param projectId the project to make the secrets in
	 * @param entries the entries, each a CreateSecret body
	 * @return how many were made, and why each other one was not
	 */
	Result importAll(CallerIdentity caller, String projectId, List<JsonNode> entries) {
		List<Failure> failures = new ArrayList<>();
		for (JsonNode entry : entries) {
			try {
				this.secrets.create(caller, projectId, request(entry), "BatchImportSecrets");
			}
			catch (ApiException ex) {
				failures.add(new Failure(name(entry), ex.errorCode().code() + ": " + ex.getMessage()));
			}
		}
		return new Result(entries.size(), entries.size() - failures.size(), failures.size(), failures);
	}

	private CreateSecretRequest request(@Nullable JsonNode entry) {
		CreateSecretRequest request = null;
		if (entry != null && entry.isObject()) {
			try {
				request = this.json.treeToValue(entry, CreateSecretRequest.class);
			}
			catch (JacksonException ex) {
				// Refused below, as CreateSecret refuses a body it cannot read.
			}
		}
		if (request == null) {
			throw new ApiException(ErrorCode.INVALID_BODY);
		}
		Set<ConstraintViolation<CreateSecretRequest>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			throw ApiException.invalidParameters(violations.stream()
				.map((violation) -> ApiException.jsonName(violation.getPropertyPath().toString()))
				.distinct()
				.sorted()
				.collect(Collectors.joining(", ")));
		}
		return request;
	}

	private static String name(@Nullable JsonNode entry) {
		JsonNode name = (entry != null) ? entry.get("name") : null;
		return (name != null && name.isString()) ? name.asString() : "";
	}

	/**
	 * The body of BatchImportSecrets.
	 *
	 * @param secrets the entries, 1 to 100, each a CreateSecret body
	 */
	record Request(@NotNull @Size(min = 1, max = MAX_ENTRIES) @Nullable List<JsonNode> secrets) {

		@Override
		public String toString() {
			return "SecretImport.Request[entries=" + ((this.secrets != null) ? this.secrets.size() : 0) + "]";
		}

	}

	/**
	 * The answer of BatchImportSecrets.
	 *
	 * @param total how many entries were sent
	 * @param success how many secrets were made
	 * @param failed how many entries failed
	 * @param errorList why each failed
	 */
	record Result(int total, int success, int failed, @JsonProperty("error_list") List<Failure> errorList) {

	}

	/**
	 * An entry that failed.
	 *
	 * @param name its name as sent, {@code ""} if it had none
	 * @param errorMsg the error CreateSecret would have answered:
	 * {@code "<error_code>: <error_msg>"}
	 */
	record Failure(String name, @JsonProperty("error_msg") String errorMsg) {

	}

}
