package io.secretstage.identity;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.secretstage.system.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling an identity service that keeps failing. After {@code failures} calls in a
 * row end in a 502 or 504, calls fail at once, with the last failure's error, for
 * {@code openFor}; then one call is let through: if it gets an answer the calls flow
 * again, if not the circuit stays open for another {@code openFor}. Tokens already in the
 * verifier's cache are not affected: they never reach this breaker. Each failed call is
 * logged here, once; calls refused while the circuit is open are not.
 */
final class IamCircuitBreaker {

	private static final Logger logger = LoggerFactory.getLogger(IamCircuitBreaker.class);

	enum State {

		/** Calls flow. */
		CLOSED,
		/** Calls fail at once. */
		OPEN,
		/**
		 * The time open is over: the next call, or the one under way, tries whether the
		 * identity service answers again.
		 */
		PROBING

	}

	private final int failures;

	private final long openForNanos;

	private State state = State.CLOSED;

	private int failuresInARow;

	private long openUntil;

	private ErrorCode lastFailure = ErrorCode.IAM_TIMEOUT;

	IamCircuitBreaker(IamProperties.Circuit settings, MeterRegistry meters) {
		this.failures = settings.failures();
		this.openForNanos = settings.openFor().toNanos();
		Gauge.builder("csms.iam.circuit.open", this, (breaker) -> (breaker.state() == State.CLOSED) ? 0 : 1)
			.description("1 while calls to the identity service are held back after failures")
			.register(meters);
	}

	/**
	 * Make a call through the breaker.
	 * @param call the call; an exception from it is a failure
	 * @return what the call returned
	 */
	<T> T call(Supplier<T> call) {
		allow();
		try {
			T result = call.get();
			succeeded();
			return result;
		}
		catch (RuntimeException | Error ex) {
			ErrorCode code = (ex instanceof CredentialsRefusedException failure) ? failure.errorCode()
					: ErrorCode.IAM_BAD_RESPONSE;
			logger.warn("A call to the identity service failed ({}): {}", code.code(), ex.getMessage());
			failed(code);
			throw ex;
		}
	}

	/**
	 * The state as the next call meets it: once the time open is over, the next call goes
	 * through, so readiness need not wait for traffic that it keeps away.
	 */
	synchronized State state() {
		return (this.state == State.OPEN && System.nanoTime() - this.openUntil >= 0) ? State.PROBING : this.state;
	}

	private synchronized void allow() {
		if (this.state == State.OPEN && System.nanoTime() - this.openUntil >= 0) {
			this.state = State.PROBING;
			return;
		}
		if (this.state != State.CLOSED) {
			throw new CredentialsRefusedException(this.lastFailure,
					"The identity service failed " + this.failuresInARow + " times in a row; not calling it for now",
					null);
		}
	}

	private synchronized void succeeded() {
		if (this.state != State.CLOSED) {
			logger.info("The identity service answers again; calling it again");
		}
		this.state = State.CLOSED;
		this.failuresInARow = 0;
	}

	private synchronized void failed(ErrorCode code) {
		this.lastFailure = code;
		this.failuresInARow++;
		if (this.state == State.PROBING || this.failuresInARow >= this.failures) {
			if (this.state == State.CLOSED) {
				logger.warn("The identity service failed {} times in a row; holding calls back for {}",
						this.failuresInARow, Duration.ofNanos(this.openForNanos));
			}
			this.state = State.OPEN;
			this.openUntil = System.nanoTime() + this.openForNanos;
		}
	}

}
