package dev.bri.domain;

/** What the request names does not exist. Answered with {@code 404 not-found}, detail "{what} not found". */
public class NotFoundException extends RefusedException {

    /** @param what the missing thing as a client would name it, e.g. {@code video 'v1'} */
    public NotFoundException(String what) {
        super(what + " not found");
    }

    private NotFoundException(String detail, boolean whole) {
        super(detail);
    }

    /** A 404 whose detail is given whole, e.g. to name what the client could ask for instead. */
    public static NotFoundException withDetail(String detail) {
        return new NotFoundException(detail, true);
    }
}
