package dev.bri.io;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * When a recurring check (the restore drill, the live quick_check) last passed and last failed, and its last result,
 * kept across restarts in a JSON file of the service's own. Their alerts compare the two times: held only in memory,
 * a pod restarted more often than the check runs would turn a failed check into "never ran" and never alert.
 *
 * @param <R> the check's result (a record Jackson reads and writes)
 */
public final class CheckHistory<R> {

    private static final Logger LOG = Logger.getLogger(CheckHistory.class);

    /**
     * The file's content.
     *
     * @param lastSuccessEpochSeconds when the check last passed (0: never)
     * @param lastFailureEpochSeconds when it last failed (0: never)
     * @param last                    its last result of any kind, null when it never ran
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Saved<R>(long lastSuccessEpochSeconds, long lastFailureEpochSeconds, R last) {
    }

    private final Path file;
    private volatile Saved<R> saved;

    /** Reads {@code file} if it holds a history of results of type {@code type}; starts empty otherwise. */
    public CheckHistory(Path file, Class<R> type) {
        this.file = file;
        JavaType saved = TypeFactory.defaultInstance().constructParametricType(Saved.class, type);
        this.saved = DurableFiles.<Saved<R>>readJson(file, saved).orElse(new Saved<>(0, 0, null));
    }

    public long lastSuccessEpochSeconds() {
        return saved.lastSuccessEpochSeconds();
    }

    public long lastFailureEpochSeconds() {
        return saved.lastFailureEpochSeconds();
    }

    /** The last result, of this process or an earlier one; null when the check never ran. */
    public R last() {
        return saved.last();
    }

    public void passed(R result, Instant at) {
        record(new Saved<>(at.getEpochSecond(), saved.lastFailureEpochSeconds(), result));
    }

    public void failed(R result, Instant at) {
        record(new Saved<>(saved.lastSuccessEpochSeconds(), at.getEpochSecond(), result));
    }

    /** A run that neither passed nor failed (skipped, incomplete): the last result, not the times. */
    public void neither(R result) {
        record(new Saved<>(saved.lastSuccessEpochSeconds(), saved.lastFailureEpochSeconds(), result));
    }

    private synchronized void record(Saved<R> next) {
        saved = next;
        try {
            DurableFiles.writeJson(file, next);
        } catch (IOException e) {
            // a full or read-only volume: the result stands in memory and the next run writes again
            LOG.warnf("check_history.unwritable file=%s error=\"%s\"", file, e.getMessage());
        }
    }
}
