package dev.bri.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The scheduled {@code PRAGMA quick_check} of the live SQLite database ({@code bri.storage.quick-check.*}); a no-op on
 * PostgreSQL. See docs/OPERATIONS_RUNBOOK.md, BriContextQuickCheckFailed.
 */
@ConfigMapping(prefix = "bri.storage.quick-check")
public interface QuickCheckConfig {

    /** Run the check on its schedule. */
    @WithDefault("true")
    boolean enabled();

    /** Quartz cron (seconds first), UTC: daily at 04:15, off-peak and apart from the 02:00 backup and 03:30 drill. */
    @WithDefault("0 15 4 * * ?")
    String cron();

    /** {@code quick_check(N)}: stop after this many problems (the check reads the whole file either way). */
    @WithDefault("100")
    int maxErrors();

    /** The check's read deadline: stopped (result {@code incomplete}) once it has run this long. */
    @WithDefault("30m")
    Duration timeout();
}
