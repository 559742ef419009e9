package io.secretstage.secret;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/**
 * The body of DeleteSecretForSchedule, which may be left out.
 *
 * @param recoveryWindowInDays how many days the secret can still be restored, 7 to 30; 30
 * when not set
 */
record ScheduleDeletionRequest(
		@JsonProperty("recovery_window_in_days") @Min(7) @Max(30) @Nullable Integer recoveryWindowInDays) {

	static final int DEFAULT_DAYS = 30;

	int days() {
		return (this.recoveryWindowInDays != null) ? this.recoveryWindowInDays : DEFAULT_DAYS;
	}

}
