package dev.bri.cli;

import dev.bri.backup.BackupConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;

/**
 * The service's configuration, read by the CLI the way the service reads it: the same {@code @ConfigMapping}s, their
 * defaults, {@code application.properties}, environment variables ({@code BRI_BACKUP_MAX_AGE}) and system properties,
 * through SmallRye Config. The CLI keeps no copy of a default.
 */
final class CliConfig {

    /** Quarkus reads application.properties at this ordinal; environment (300) and system properties (400) win. */
    private static final int APPLICATION_PROPERTIES = 250;

    private CliConfig() {
    }

    /** Built on each call (a CLI run reads it once or twice), so it always reflects the current environment. */
    static SmallRyeConfig config() {
        {
            SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors().addDefaultSources()
                    // the service's converter: "24h" as well as ISO-8601 "PT24H"
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withMapping(BackupConfig.class)
                    // only the mappings the CLI needs are loaded: keys of the others are not unknown
                    .withValidateUnknown(false);
            URL properties = CliConfig.class.getClassLoader().getResource("application.properties");
            if (properties != null) {
                try {
                    builder.withSources(new PropertiesConfigSource(properties, APPLICATION_PROPERTIES));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return builder.build();
        }
    }

    static BackupConfig backup() {
        return config().getConfigMapping(BackupConfig.class);
    }
}
