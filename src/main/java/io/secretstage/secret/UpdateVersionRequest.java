package io.secretstage.secret;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;

/**
 * The body of UpdateVersion.
 *
 * @param expireTime when the version expires, in epoch milliseconds, later than now; kept
 * to whole seconds
 */
record UpdateVersionRequest(
		@JsonProperty("expire_time") @NotNull @PositiveOrZero @Max(9_999_999_999_999L) @Nullable Long expireTime) {

}
