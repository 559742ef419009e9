package io.secretstage;

import com.huaweicloud.sdk.core.exception.ClientRequestException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The assertion of the contract's error answers as Huawei's official SDK reads them: a
 * {@link ClientRequestException} with the status, the error code and a request id of 32
 * hex digits.
 */
public final class SdkErrors {

	private SdkErrors() {
	}

	/**
	 * Assert that a call through the SDK is refused.
	 * @param call the call
	 * @param status the expected status
	 * @param errorCode the expected error code
	 * @return the SDK's exception, for more assertions on its message
	 */
	public static ClientRequestException assertRefused(ThrowingCallable call, int status, String errorCode) {
		ClientRequestException refusal = catchThrowableOfType(ClientRequestException.class, call);
		assertThat(refusal).as("the SDK's exception").isNotNull();
		assertThat(refusal.getHttpStatusCode()).as("status of %s", refusal).isEqualTo(status);
		assertThat(refusal.getErrorCode()).as("error code of %s", refusal).isEqualTo(errorCode);
		assertThat(refusal.getRequestId()).as("request id").matches("[0-9a-f]{32}");
		return refusal;
	}

}
