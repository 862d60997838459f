package dev.bri.observability;

import dev.bri.api.RequestContext;

/**
 * One audit record: who did what to which video or backup, from where, with what outcome. Fired synchronously with
 * {@code Event<AuditEvent>} before the response is sent; never carries document bodies or secrets. A request that
 * fires one gets no second, generic record from {@link AuditFilter}.
 *
 * @param action  what was done, e.g. {@code "context.ingest"}, {@code "backup.create"}, {@code "POST /admin/backups"}
 * @param target  the video id, backup id or other object acted on (may be null)
 * @param outcome {@code success}, {@code failure} or {@code denied}
 * @param detail  short reason or counts, no payloads
 * @param actor   the authenticated subject (key id, {@code admin}), else X-User-ID, else {@code anonymous}
 * @param client  client address; null means "the current request's", filled in by {@link AuditLog}
 */
public record AuditEvent(String action, String target, String outcome, String detail, String actor,
        String requestId, String client) {

    public AuditEvent(String action, String target, String outcome, String detail, String actor, String requestId) {
        this(action, target, outcome, detail, actor, requestId, null);
    }

    public static AuditEvent success(String action, String target, String detail) {
        return new AuditEvent(action, target, "success", detail, currentActor(), RequestContext.requestId());
    }

    public static AuditEvent failure(String action, String target, String detail) {
        return new AuditEvent(action, target, "failure", detail, currentActor(), RequestContext.requestId());
    }

    public static AuditEvent denied(String action, String detail) {
        return new AuditEvent(action, null, "denied", detail, currentActor(), RequestContext.requestId());
    }

    private static String currentActor() {
        String user = RequestContext.userId();
        return user == null ? "anonymous" : user;
    }
}
