package dev.bri.domain;

/**
 * The request cannot be served as asked (unknown id, conflicting state, invalid input): the client's side, not a fault
 * of the service, so circuit breakers and retries let it pass untouched. Carries no stack trace: it is an answer, not
 * a failure to investigate.
 */
public abstract class RefusedException extends RuntimeException {

    protected RefusedException(String detail) {
        super(detail, null, false, false);
    }
}
