package dev.bri.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.offsite.S3Settings;
import dev.bri.storage.Engine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI reads the service's mappings, with its options as the highest source and defaults derived from them. */
class CliConfigTest {

    @Test
    void theErasureLedgerFollowsTheBackupDirectoryAsInTheService() {
        CliConfig config = CliConfig.load(Map.of("bri.backup.dir", "/volumes/backups"));
        assertThat(config.backup().dir()).isEqualTo(Path.of("/volumes/backups"));
        assertThat(config.erasure().ledgerDir()).isEqualTo(Path.of("/volumes/backups/ledger"));
    }

    @Test
    void anExplicitLedgerDirectoryWins() {
        CliConfig config = CliConfig.load(Map.of("bri.backup.dir", "/volumes/backups", "bri.erasure.ledger-dir",
                "/elsewhere"));
        assertThat(config.erasure().ledgerDir()).isEqualTo(Path.of("/elsewhere"));
    }

    @Test
    void optionsReachTheStorageMapping() {
        CliConfig config = CliConfig.load(Map.of("bri.data-dir", "/volumes/data", "bri.storage.engine", "postgresql"));
        assertThat(config.storage().dataDir()).isEqualTo(Path.of("/volumes/data"));
        assertThat(config.storage().storage().engine()).isEqualTo(Engine.POSTGRESQL);
    }

    @Test
    void theBucketSettingsComeFromTheServiceMapping() {
        CliConfig config = CliConfig.load(Map.of("bri.backup.s3.bucket", "b", "bri.backup.s3.endpoint",
                "http://s3.local:9000"));
        S3Settings settings = S3Settings.from(config.s3());
        assertThat(settings.bucket()).isEqualTo("b");
        assertThat(settings.endpoint()).hasToString("http://s3.local:9000");
        assertThat(settings.requestTimeout()).isEqualTo(config.s3().requestTimeout());
    }
}
