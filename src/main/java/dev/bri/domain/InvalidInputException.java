package dev.bri.domain;

import java.util.List;

/**
 * Input that breaks a rule, with every offending field named as the client sent it. Answered with
 * {@code 400 validation} and the fields as {@code errors}.
 */
public class InvalidInputException extends RefusedException {

    /** One rule broken by one field; {@code field} is the client's name for it, e.g. {@code items[2].start}. */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s)");
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
