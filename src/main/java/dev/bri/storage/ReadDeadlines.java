package dev.bri.storage;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;

/**
 * Deadlines enforced inside SQLite. Every pooled connection gets a progress handler when Agroal creates it; SQLite
 * calls it every {@value #VM_STEPS} virtual-machine steps on the thread running the statement, and it stops the
 * statement (SQLITE_INTERRUPT) once that thread's deadline has passed. A thread interrupt cannot stop a statement
 * inside the native library, and a timer per read cost a timer-thread wake-up per read; this costs a thread-local
 * read every few milliseconds of SQLite work. Threads without a deadline (client writes, upkeep) are never stopped.
 */
@ApplicationScoped
public class ReadDeadlines implements AgroalPoolInterceptor {

    /** About a millisecond of SQLite work between checks: fine enough for deadlines of seconds, rarely called. */
    static final int VM_STEPS = 100_000;

    private static final ThreadLocal<long[]> DEADLINE = ThreadLocal.withInitial(() -> new long[]{0});

    private static final ProgressHandler STOP_AFTER_DEADLINE = new StopAfterDeadline();

    /**
     * Called by SQLite through JNI: a named class, so the native image can register it
     * ({@code META-INF/native-image/dev.bri/bri-context/jni-config.json}).
     */
    static final class StopAfterDeadline extends ProgressHandler {
        @Override
        protected int progress() {
            return expired() ? 1 : 0;
        }
    }

    @Override
    public void onConnectionCreate(Connection connection) {
        try {
            ProgressHandler.setHandler(connection.unwrap(SQLiteConnection.class), VM_STEPS, STOP_AFTER_DEADLINE);
        } catch (SQLException e) {
            throw new StorageException("cannot install the read deadline on a new connection", e);
        }
    }

    /** Statements this thread runs from now on stop once {@code nanos} have passed; 0 or less: no deadline. */
    static void start(long nanos) {
        DEADLINE.get()[0] = nanos > 0 ? System.nanoTime() + nanos : 0;
    }

    static void clear() {
        DEADLINE.get()[0] = 0;
    }

    static boolean expired() {
        long deadline = DEADLINE.get()[0];
        return deadline != 0 && System.nanoTime() - deadline > 0;
    }

    /** Nanoseconds this thread has left, or {@code otherwise} when it has no deadline. */
    static long remainingNanos(long otherwise) {
        long deadline = DEADLINE.get()[0];
        return deadline == 0 ? otherwise : Math.max(0, deadline - System.nanoTime());
    }
}
