package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable the chart gives the application, with every values file in ci/, is a setting the
 * application documents (docs/CONFIGURATION.md lists each key with its environment variable; ConfigurationDocsTest
 * ties that list to the application's @ConfigMapping interfaces): a misspelled name would be ignored by the service.
 */
class ChartSettingsDocumentedTest {

    /** Read by the image or the AWS SDK, not by the application's configuration. */
    private static final Set<String> NOT_APPLICATION_SETTINGS = Set.of("JAVA_MAX_MEM_RATIO", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY");

    @Test
    void everyRenderedSettingIsADocumentedApplicationSetting() throws Exception {
        String configuration = Files.readString(Path.of("docs/CONFIGURATION.md"));
        Set<String> rendered = new TreeSet<>();
        try (var files = Files.list(Chart.CI)) {
            for (Path values : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                collect(Chart.rendered(Optional.of(values)), rendered);
            }
        }
        collect(Chart.rendered(Optional.empty()), rendered);
        assertThat(rendered).contains("BRI_STORAGE_ENGINE", "QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL",
                "BRI_AUTH_KEYS_FILE", "BRI_RATE_LIMIT_READ", "BRI_BACKUP_S3_BUCKET",
                "BRI_BACKUP_ENCRYPTION_RECIPIENTS", "BRI_BACKUP_S3_OBJECT_LOCK_MODE", "BRI_BACKUP_ENCRYPTION_LOCAL");
        Set<String> undocumented = new TreeSet<>();
        for (String name : rendered) {
            if (!NOT_APPLICATION_SETTINGS.contains(name) && !configuration.contains("`" + name + "`")) {
                undocumented.add(name);
            }
        }
        assertThat(undocumented).as("environment variables the chart sets that docs/CONFIGURATION.md does not list")
                .isEmpty();
    }

    private static void collect(Chart.Rendered rendered, Set<String> names) {
        rendered.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals("prod-bri-context"))
                .forEach(c -> names.addAll(c.getData().keySet()));
        for (PodSpec pod : rendered.podSpecs().values()) {
            for (Container c : pod.getContainers()) {
                if (c.getImage().contains("bri-context") && c.getEnv() != null) {
                    c.getEnv().stream().map(EnvVar::getName).forEach(names::add);
                }
            }
        }
    }
}
