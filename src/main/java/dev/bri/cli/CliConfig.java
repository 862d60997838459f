package dev.bri.cli;

import dev.bri.admin.AdminConfig;
import dev.bri.backup.BackupConfig;
import dev.bri.encryption.EncryptionConfig;
import dev.bri.erasure.ErasureConfig;
import dev.bri.offsite.S3Config;
import dev.bri.storage.StorageConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The service's configuration, read by the CLI the way the service reads it: the same {@code @ConfigMapping}s, their
 * defaults, {@code application.properties}, environment variables ({@code BRI_DATA_DIR}, {@code BRI_BACKUP_MAX_AGE})
 * and system properties, through SmallRye Config. A command-line option ({@code --data-dir}) is one more source, above
 * all of them, so a default derived from it (the erasure ledger under {@code --backup-dir}) follows it as in the
 * service. The CLI keeps no copy of a default.
 */
record CliConfig(SmallRyeConfig config) {

    /** Quarkus reads application.properties at this ordinal; environment (300) and system properties (400) win. */
    private static final int APPLICATION_PROPERTIES = 250;
    /** Options given on the command line win over everything else. */
    private static final int COMMAND_LINE = 500;

    /**
     * Built on each call (a CLI run reads it once or twice), so it always reflects the current environment.
     *
     * @param options configuration keys set by command-line options ({@code bri.data-dir} for {@code --data-dir})
     */
    static CliConfig load(Map<String, String> options) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors().addDefaultSources()
                // the service's converter: "24h" as well as ISO-8601 "PT24H"
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(StorageConfig.class)
                .withMapping(BackupConfig.class)
                .withMapping(ErasureConfig.class)
                .withMapping(AdminConfig.class)
                .withMapping(S3Config.class)
                .withMapping(EncryptionConfig.class)
                // only the mappings the CLI needs are loaded: keys of the others are not unknown
                .withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(options, "bri command line", COMMAND_LINE));
        URL properties = CliConfig.class.getClassLoader().getResource("application.properties");
        if (properties != null) {
            try {
                builder.withSources(new PropertiesConfigSource(properties, APPLICATION_PROPERTIES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CliConfig(builder.build());
    }

    /** The configuration without command-line options. */
    static CliConfig load() {
        return load(Map.of());
    }

    StorageConfig storage() {
        return config.getConfigMapping(StorageConfig.class);
    }

    BackupConfig backup() {
        return config.getConfigMapping(BackupConfig.class);
    }

    ErasureConfig erasure() {
        return config.getConfigMapping(ErasureConfig.class);
    }

    AdminConfig admin() {
        return config.getConfigMapping(AdminConfig.class);
    }

    S3Config s3() {
        return config.getConfigMapping(S3Config.class);
    }

    EncryptionConfig encryption() {
        return config.getConfigMapping(EncryptionConfig.class);
    }

    /**
     * A setting of the service's {@code postgresql} datasource ({@code username}, {@code password}), found where the
     * service finds it: under the quoted name ({@code QUARKUS_DATASOURCE__POSTGRESQL__USERNAME}) or the unquoted one
     * that the chart and the docs set ({@code QUARKUS_DATASOURCE_POSTGRESQL_USERNAME}).
     */
    Optional<String> postgresql(String key) {
        return config.getOptionalValue("quarkus.datasource.\"postgresql\"." + key, String.class)
                .or(() -> config.getOptionalValue("quarkus.datasource.postgresql." + key, String.class));
    }
}
