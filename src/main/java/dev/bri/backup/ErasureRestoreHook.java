package dev.bri.backup;

import dev.bri.erasure.Erasures;
import dev.bri.erasure.LedgerEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.List;

/**
 * The service's restore hook: applies the erasure ledger to every restored database before anyone reads it, each
 * re-application audited ({@link Erasures#replay}). A ledger damaged in its middle throws, which rolls the restore
 * back: restoring without knowing what was erased could bring erased data back.
 */
@ApplicationScoped
public class ErasureRestoreHook implements RestoreHook {

    private final Erasures erasures;

    public ErasureRestoreHook(Erasures erasures) {
        this.erasures = erasures;
    }

    /** Before other hooks (a new archive chain must start from the state without the erased data). */
    @Override
    public int order() {
        return LedgerRestoreHook.ORDER;
    }

    @Override
    public String name() {
        return "erasure ledger";
    }

    @Override
    public void afterRestore(Restored restored) throws Exception {
        String trigger = "restore of " + restored.point().id();
        List<LedgerEntry> entries = erasures.read(trigger);
        try (Connection c = restored.connect()) {
            erasures.replay(c, entries, trigger);
        }
    }
}
