package dev.bri.offsite;

import java.io.IOException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** A failed exchange with the object store, with a message an operator can act on (never with credentials). */
public class OffsiteException extends IOException {

    public OffsiteException(String message, Throwable cause) {
        super(message, cause);
    }

    static OffsiteException of(String what, S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String hint = switch (e.statusCode()) {
            case 403 -> "access denied: check the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)";
            case 404 -> "not found: does the bucket exist?";
            default -> "HTTP " + e.statusCode();
        };
        return new OffsiteException(what + ": " + hint + (code == null ? "" : " (" + code + ")"), e);
    }
}
