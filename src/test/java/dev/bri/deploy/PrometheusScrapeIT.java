package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs deploy/e2e/prometheus-scrape.sh: a real Prometheus scrapes the packaged service (the native executable when
 * the native build produced one) and evaluates the alert rules; the key series must be present.
 */
class PrometheusScrapeIT {

    @Test
    void prometheusScrapesTheKeySeriesAndEvaluatesEveryRule() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "deploy/e2e/prometheus-scrape.sh").redirectErrorStream(true);
        String nativeRunner = System.getProperty("native.image.path");
        if (nativeRunner != null && Files.isExecutable(Path.of(nativeRunner))) {
            pb.environment().putAll(Map.of("JAR", Path.of(nativeRunner).toAbsolutePath().toString()));
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        System.out.println(output);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("ok   http_server_requests_seconds_count")
                .contains("ok   bri_backup_last_success_timestamp_seconds")
                .contains("ok   ft_circuitbreaker_state_current")
                .contains("ok   bri_volume_free_bytes: 2 series")
                .contains("ok   " + PromtoolRulesTest.REQUIRED_ALERTS.size() + " rules evaluate")
                .endsWith("PASS\n");
    }
}
