package dev.bri.domain;

/**
 * The operation belongs to the other storage engine: the service's file backups, restores and point-in-time recovery
 * on a PostgreSQL deployment, whose recovery is PostgreSQL's own. Answered with {@code 409 not-on-this-engine}; the
 * detail names the procedure to use instead.
 */
public class NotOnThisEngineException extends RefusedException {

    public NotOnThisEngineException(String detail) {
        super(detail);
    }
}
