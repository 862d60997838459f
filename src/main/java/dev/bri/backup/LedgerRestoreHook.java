package dev.bri.backup;

import dev.bri.erasure.ErasureLedger;
import dev.bri.erasure.LedgerEntry;
import dev.bri.erasure.LedgerReplay;
import java.sql.Connection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The offline CLI's restore hook: the same ledger and the same replay as the service's {@link ErasureRestoreHook},
 * without CDI; each re-application is handed to {@code reapplied} (the CLI prints it as an audit record).
 */
public final class LedgerRestoreHook implements RestoreHook {

    static final int ORDER = -100;

    private final ErasureLedger ledger;
    private final Consumer<LedgerReplay.Applied> reapplied;

    public LedgerRestoreHook(ErasureLedger ledger, Consumer<LedgerReplay.Applied> reapplied) {
        this.ledger = ledger;
        this.reapplied = reapplied;
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public String name() {
        return "erasure ledger";
    }

    @Override
    public void afterRestore(Restored restored) throws Exception {
        List<LedgerEntry> entries = ledger.read().entries();
        List<LedgerReplay.Applied> applied;
        try (Connection c = restored.connect()) {
            applied = LedgerReplay.apply(c, entries);
        }
        applied.forEach(reapplied);
    }
}
