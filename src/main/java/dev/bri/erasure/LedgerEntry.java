package dev.bri.erasure;

/**
 * One erasure, as the ledger keeps it: what was erased and when, never any content.
 *
 * @param seq       position in the ledger, from 1
 * @param at        when the erasure was decided (UTC, the database's timestamp format), before its transaction
 * @param kind      {@link #VIDEO}: the video and everything about it; {@link #MEMORY_BEFORE}: every memory turn
 *                  created before {@code before} (memory retention); {@link #MEMORY_CLEAR}: the video's memory
 *                  turns up to {@code throughTurn} (DELETE /api/v1/videos/{id}/memory)
 * @param videoId   the erased video (kinds video and memory_clear), else null
 * @param before    the cut-off of a memory retention run, else null
 * @param throughTurn the newest turn id a memory clear removed, else null: with {@code at}, it tells the cleared
 *                  turns from turns stored after the clear (ids alone can be reused after a restore)
 * @param requestId the request that asked for it, or the job's run id
 * @param reason    {@code api} (an erasure asked through the API) or {@code retention}
 */
public record LedgerEntry(long seq, String at, String kind, String videoId, String before, Long throughTurn,
        String requestId, String reason) {

    public static final String VIDEO = "video";
    public static final String MEMORY_BEFORE = "memory_before";
    public static final String MEMORY_CLEAR = "memory_clear";
}
