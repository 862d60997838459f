package dev.bri.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import org.sqlite.SQLiteConfig;

/** Run in a child process by BackupEngineTest: takes gzip backups of a database forever, until killed. */
public final class BackupLoop {

    private BackupLoop() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        BackupStore store = new BackupStore(Path.of(args[1]));
        BackupEngine engine = new BackupEngine();
        while (true) {
            try (BackupLock lock = BackupLock.acquire(store, "loop")) {
                engine.create(work -> {
                    try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + db)) {
                        work.run(c);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, db, store, BackupId.next(BackupKind.BACKUP, Instant.now()), "cli",
                        new BackupEngine.Options(true, 1, "test"));
            }
        }
    }
}
