package dev.bri.domain;

/**
 * The service is in a state an operator must repair (a restore whose rollback failed too). Answered with
 * {@code 500 internal} carrying the detail, unlike an unexpected error, whose detail stays in the log.
 */
public class BrokenStateException extends RuntimeException {

    public BrokenStateException(String detail) {
        super(detail);
    }
}
