package io.secretstage.system;

import org.springframework.core.Ordered;

/**
 * The servlet filters of the service's own, in the order they run, all before Spring
 * Security's chain: each package registers its filters at their place here.
 */
public enum FilterOrder {

	/** The request's id, first, so that every answer and log line carries it. */
	REQUEST_ID,

	/** The access log line, which sees the answer of everything after it. */
	ACCESS_LOG,

	/** The request's metrics, likewise. */
	METRICS,

	/** Paths with {@code ;} parameters refused, before anything parses the path. */
	PATH_PARAMETERS,

	/** The body limit, before anything reads the body. */
	BODY_SIZE;

	/**
	 * The filter's order for its registration.
	 * @return the order, from {@link Ordered#HIGHEST_PRECEDENCE} up
	 */
	public int order() {
		return Ordered.HIGHEST_PRECEDENCE + ordinal();
	}

}
