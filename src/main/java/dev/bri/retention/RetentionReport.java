package dev.bri.retention;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What a retention run erased, or (dry run) would erase now.
 *
 * @param runId   the run's id: the request id of its audit records and the ledger's request_id
 * @param dryRun  true: nothing was changed
 * @param at      the time the cut-offs were computed from
 * @param videos  the video part, null when {@code bri.retention.videos} is unset
 * @param memory  the memory part, null when {@code bri.retention.memory} is unset
 */
// nested records too (ignoreNested defaults to false): serialized by Jackson in native images
@RegisterForReflection
public record RetentionReport(String runId, boolean dryRun, String at, Videos videos, Memory memory,
        double durationSeconds) {

    /**
     * @param retention the configured duration (ISO-8601)
     * @param cutoff    videos whose last write is before this are due
     * @param count     videos erased (or due, for a dry run)
     * @param items     context items erased with them (or held by the due videos)
     * @param ids       the videos' ids, at most {@code bri.retention.report-limit} of them
     */
    public record Videos(String retention, String cutoff, long count, long items, List<String> ids) {
    }

    /**
     * @param retention the configured duration (ISO-8601)
     * @param cutoff    turns created before this are due
     * @param turns     turns erased (or due)
     * @param videos    videos whose turns were erased (or are due)
     */
    public record Memory(String retention, String cutoff, long turns, long videos) {
    }
}
