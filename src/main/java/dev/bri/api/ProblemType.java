package dev.bri.api;

/**
 * Every problem type the API returns. The type URI is stable; docs/ERROR_PATTERNS_SOLUTIONS.md has one section per
 * entry (a test keeps the two in step).
 */
public enum ProblemType {
    VALIDATION(400, "validation", "Request is not valid"), MALFORMED_BODY(400, "malformed-body",
            "Request body is not valid JSON of the expected shape"), UNAUTHORIZED(401, "unauthorized",
                    "Authentication required"), FORBIDDEN(403, "forbidden", "Not allowed"), NOT_FOUND(404, "not-found",
                            "Resource not found"), METHOD_NOT_ALLOWED(405, "method-not-allowed",
                                    "Method not allowed"), NOT_ACCEPTABLE(406, "not-acceptable",
                                            "No acceptable representation"), CONFLICT(409, "conflict",
                                                    "Conflict with the current state"), NOT_ON_THIS_ENGINE(409,
                                                            "not-on-this-engine",
                                                            "Not available on this storage engine"), PAYLOAD_TOO_LARGE(
                                                                    413,
                                                                    "payload-too-large",
                                                                    "Request body too large"), URI_TOO_LONG(414,
                                                                            "uri-too-long",
                                                                            "Request target too long"), UNSUPPORTED_MEDIA_TYPE(
                                                                                    415, "unsupported-media-type",
                                                                                    "Unsupported media type"), RATE_LIMITED(
                                                                                            429,
                                                                                            "rate-limited",
                                                                                            "Too many requests"), HEADERS_TOO_LARGE(
                                                                                                    431,
                                                                                                    "headers-too-large",
                                                                                                    "Request headers too large"), INTERNAL(
                                                                                                            500,
                                                                                                            "internal",
                                                                                                            "Internal error"), SERVICE_UNAVAILABLE(
                                                                                                                    503,
                                                                                                                    "service-unavailable",
                                                                                                                    "Service temporarily unavailable"), DATABASE_UNAVAILABLE(
                                                                                                                            503,
                                                                                                                            "database-unavailable",
                                                                                                                            "Database unavailable");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The last part of the type URI, e.g. {@code payload-too-large}: a metric label and log field. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return "urn:bri:problem:" + slug;
    }
}
