package dev.bri.erasure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

@ConfigMapping(prefix = "bri.erasure")
public interface ErasureConfig {

    /**
     * Directory of the erasure ledger ({@code erasures.log}). On the backup volume by default, so it survives a
     * lost data volume, travels with the backups (offsite copies included) and is never replaced by a restore.
     */
    @WithDefault("${bri.backup.dir}/ledger")
    Path ledgerDir();
}
