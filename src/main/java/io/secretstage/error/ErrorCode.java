package io.secretstage.error;

/**
 * The error codes of the API contract, each with the HTTP status it normally travels with
 * and the default message.
 */
public enum ErrorCode {

	/** A path variable, query parameter or body field breaks its pattern or length. */
	INVALID_PARAMETER(400, "CSMS.0002", "The value of parameter is invalid."),

	/**
	 * A request the framework rejects: bad encoding, bad path, bad header, wrong method.
	 */
	INVALID_REQUEST(400, "CSMS.0003", "The request is invalid."),

	/** An unreadable or wrongly typed JSON body. */
	INVALID_BODY(400, "CSMS.0004", "The requested body format is wrong."),

	/** ShowSecretVersion of a secret pending deletion: its values cannot be used. */
	SECRET_UNUSABLE(400, "CSMS.0103", "The secret is in the scheduled deletion state."),

	/** DELETE of a built-in stage. */
	SYSTEM_STAGE(400, "CSMS.0105", "Can not delete the system internal stage."),

	/**
	 * A deletion scheduled for a secret already pending deletion, or a new secret under
	 * the name such a secret still holds.
	 */
	SECRET_PENDING_DELETION(400, "CSMS.0107", "The secret is in schedule delete state."),

	/** RestoreSecret of a secret that is not pending deletion. */
	SECRET_NOT_PENDING_DELETION(400, "CSMS.0108", "The secret is not in schedule delete state."),

	/** A 13th stage on one secret. */
	STAGE_LIMIT(400, "CSMS.0203", "The number of stage has reached the upper limit."),

	/** A 21st tag key on one secret (this service's own code). */
	TAG_LIMIT(400, "CSMS.0904", "The number of tags has reached the upper limit."),

	/** A user's third access key (IAM allows two; this service's own code). */
	ACCESS_KEY_LIMIT(400, "CSMS.0210", "The number of access keys has reached the upper limit."),

	/** UpdateSecret naming a master key this deployment does not hold. */
	KMS_KEY_UNAVAILABLE(400, "CSMS.0401", "Can not get the protected secret value using the provided KMS key."),

	/**
	 * UploadSecretBlob with a blob that does not open here: another format, malformed,
	 * another project, a master key not held here, or changed (this service's own code).
	 */
	INVALID_BLOB(400, "CSMS.0905", "The secret backup is invalid."),

	/** Missing, malformed, unknown or revoked token. */
	INVALID_TOKEN(401, "APIGW.0301", "Incorrect IAM authentication information."),

	/** The token has expired. */
	TOKEN_EXPIRED(401, "APIGW.0307", "The token must be updated."),

	/** A valid token without access to the project or operation. */
	NO_PERMISSION(403, "CSMS.0302", "The user role has no permission to access the resource."),

	/** A change to a secret pending deletion. */
	SECRET_NOT_ENABLED(403, "CSMS.0109", "The secret state is not enabled."),

	/** No secret of that name in that project. */
	SECRET_NOT_FOUND(404, "CSMS.0106", "The secret does not exist."),

	/** The secret exists but the stage or version does not. */
	RESOURCE_NOT_FOUND(404, "CSMS.0005", "The resource does not exist."),

	/** A secret of that name already exists in the project (this service's own code). */
	SECRET_EXISTS(409, "CSMS.0409", "The secret already exists."),

	/** No such route. */
	API_NOT_FOUND(404, "APIGW.0101", "The API does not exist."),

	/** Anything unexpected. */
	INTERNAL_ERROR(500, "CSMS.0500", "Internal service error."),

	/** The identity service answered with an error or something that is not a token. */
	IAM_BAD_RESPONSE(502, "CSMS.0502", "The identity service returned an invalid response."),

	/** The identity service did not answer in time. */
	IAM_TIMEOUT(504, "CSMS.0504", "The identity service timed out.");

	private final int status;

	private final String code;

	private final String message;

	ErrorCode(int status, String code, String message) {
		this.status = status;
		this.code = code;
		this.message = message;
	}

	public int status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	public String message() {
		return this.message;
	}

	/**
	 * The code for a bare HTTP status raised by the framework or the servlet container,
	 * when nothing more specific is known.
	 * @param status the HTTP status
	 * @return the matching error code
	 */
	public static ErrorCode forStatus(int status) {
		return switch (status) {
			case 401 -> INVALID_TOKEN;
			case 403 -> NO_PERMISSION;
			case 404 -> API_NOT_FOUND;
			default -> (status >= 400 && status < 500) ? INVALID_REQUEST : INTERNAL_ERROR;
		};
	}

}
