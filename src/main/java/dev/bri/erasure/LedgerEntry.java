package dev.bri.erasure;

/**
 * One erasure, as the ledger keeps it: what was erased and when, never any content.
 *
 * @param seq       position in the ledger, from 1
 * @param at        when the erasure was decided (UTC, the database's timestamp format), before its transaction
 * @param kind      {@link #VIDEO}: the video and everything about it; {@link #MEMORY_BEFORE}: every memory turn
 *                  created before {@code before} (memory retention)
 * @param videoId   the erased video (kind video), else null
 * @param before    the cut-off of a memory retention run, else null
 * @param requestId the request that asked for it, or the job's run id
 * @param reason    {@code api} (DELETE /api/v1/videos/{id}) or {@code retention}
 */
public record LedgerEntry(long seq, String at, String kind, String videoId, String before, String requestId,
        String reason) {

    public static final String VIDEO = "video";
    public static final String MEMORY_BEFORE = "memory_before";
}
