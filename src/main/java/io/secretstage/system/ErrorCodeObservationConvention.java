package io.secretstage.system;

import io.micrometer.common.KeyValues;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Tags each observed request ({@code http.server.requests}) with the contract's error
 * code it was answered with, or {@code none}: the codes are few, so the tag stays
 * low-cardinality.
 */
final class ErrorCodeObservationConvention extends DefaultServerRequestObservationConvention {

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		Object errorCode = context.getCarrier().getAttribute(ErrorWriter.ERROR_CODE_ATTRIBUTE);
		return super.getLowCardinalityKeyValues(context).and("error_code",
				(errorCode != null) ? errorCode.toString() : "none");
	}

}
