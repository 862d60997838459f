package dev.bri.backup;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link RestoreHook} bean that tests arm: it records what it was given and, when told to, fails after the swap.
 * Unarmed it only records, so it changes nothing for the other tests that restore.
 */
@ApplicationScoped
public class ScriptedRestoreHook implements RestoreHook {

    /** One call: which method, the point it was given, the safety backup id. */
    public record Call(String method, RestorePoint point, String safetyBackupId, long videos) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile String failWith;

    public void failNextRestore(String message) {
        failWith = message;
    }

    public List<Call> calls() {
        return calls;
    }

    @Override
    public void afterRestore(Restored restored) throws Exception {
        calls.add(new Call("afterRestore", restored.point(), restored.safetyBackup().id(), videos(restored)));
        String message = failWith;
        failWith = null;
        if (message != null) {
            throw new IllegalStateException(message);
        }
    }

    @Override
    public void afterRollback(Restored rolledBack) throws Exception {
        calls.add(new Call("afterRollback", rolledBack.point(), rolledBack.safetyBackup().id(), videos(rolledBack)));
    }

    /** Proves the hook can use the restored database through the connection it is given. */
    private static long videos(Restored restored) throws Exception {
        try (var c = restored.connect();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM videos")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
