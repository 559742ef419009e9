package io.secretstage.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Responses without a body (DeleteSecret's 200, DeleteSecretStage's 204). They still say
 * {@code Content-Type: application/json;charset=UTF-8}, as every response of the contract
 * does, since the official SDKs look at it before anything else.
 */
public final class EmptyResponses {

	/** The contract's content type. */
	public static final String JSON_UTF8 = "application/json;charset=UTF-8";

	private EmptyResponses() {
	}

	/**
	 * An empty response.
	 * @param status its status
	 * @return the response
	 */
	public static ResponseEntity<Void> of(HttpStatus status) {
		return ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, JSON_UTF8).build();
	}

}
