package dev.bri.domain;

/**
 * The request is valid but the current state forbids it (another backup running, the newest verified backup, a
 * backup that fails verification). Answered with {@code 409 conflict}.
 */
public class ConflictException extends RefusedException {

    public ConflictException(String detail) {
        super(detail);
    }
}
