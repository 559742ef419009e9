package io.secretstage.error;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The error body of the API contract.
 *
 * @param errorCode the contract's error code, such as {@code CSMS.0005}
 * @param errorMsg a message for people; never the caller's input
 * @param requestId the request id also sent in the {@code X-Request-Id} header
 */
public record ErrorBody(@JsonProperty("error_code") String errorCode, @JsonProperty("error_msg") String errorMsg,
		@JsonProperty("request_id") String requestId) {

}
