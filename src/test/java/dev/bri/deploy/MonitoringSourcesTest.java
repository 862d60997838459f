package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/ is the single source of the rules and the dashboard. Helm cannot read files outside the chart, so the
 * chart carries byte-for-byte copies; this test fails the build when a copy drifts (fix: copy deploy/ over files/).
 */
class MonitoringSourcesTest {

    static final Path DASHBOARD = Path.of("deploy/grafana/bri-context-dashboard.json");

    @Test
    void chartCopiesAreIdenticalToDeploySources() throws IOException {
        assertThat(Files.readString(Chart.DIR.resolve("files/bri-context.rules.yml")))
                .as("helm/bri-context/files/bri-context.rules.yml must equal deploy/prometheus/rules/bri-context.rules.yml")
                .isEqualTo(Files.readString(PromtoolRulesTest.RULES));
        assertThat(Files.readString(Chart.DIR.resolve("files/bri-context-dashboard.json")))
                .as("helm/bri-context/files/bri-context-dashboard.json must equal deploy/grafana/bri-context-dashboard.json")
                .isEqualTo(Files.readString(DASHBOARD));
    }

    @Test
    void dashboardCoversWhatOperatorsLookAt() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("bri-context");
        List<String> exprs = expressions(dashboard);
        for (String series : List.of("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
                "bri_cache_requests_total", "ft_circuitbreaker_state_current", "bri_db_query_seconds_bucket",
                "bri_backup_last_success_timestamp_seconds", "bri_backup_size_bytes", "jvm_memory_used_bytes",
                "process_cpu_usage", "bri_volume_free_bytes", "bri_volume_size_bytes", "bri_health_state")) {
            assertThat(exprs).as(series).anyMatch(e -> e.contains(series));
        }
        assertThat(exprs).anyMatch(e -> e.contains("histogram_quantile(0.99"))
                .anyMatch(e -> e.contains("histogram_quantile(0.50")).anyMatch(e -> e.contains("sum by (tier)"));
        // Panel ids unique, every panel bound to the selectable data source.
        List<Integer> ids = new ArrayList<>();
        dashboard.get("panels").forEach(p -> ids.add(p.get("id").asInt()));
        assertThat(ids).doesNotHaveDuplicates();
        dashboard.get("panels").forEach(p -> {
            if (!p.get("type").asText().equals("row")) {
                assertThat(p.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            }
        });
    }

    @Test
    void prometheusConfigIsValidAndScrapesTheMetricsPath() throws Exception {
        Path config = Path.of("deploy/prometheus/prometheus.yml");
        PromtoolRulesTest.Result r = PromtoolRulesTest.promtool(Path.of("."), "check", "config", "--syntax-only",
                config.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        JsonNode job = Chart.readYaml(config).at("/scrape_configs/0");
        assertThat(job.get("job_name").asText()).isEqualTo("bri-context");
        assertThat(job.get("metrics_path").asText()).isEqualTo("/q/metrics");
    }

    @Test
    void composeStackHasServiceRedisAndPrometheus() {
        JsonNode services = Chart.readYaml(Path.of("deploy/compose.yaml")).get("services");
        assertThat(services.has("bri-context")).isTrue();
        assertThat(services.has("redis")).isTrue();
        assertThat(services.has("prometheus")).isTrue();
        assertThat(services.at("/bri-context/environment/QUARKUS_REDIS_HOSTS").asText())
                .isEqualTo("redis://redis:6379");
        assertThat(services.at("/bri-context/read_only").asBoolean()).isTrue();
    }

    static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        return exprs;
    }
}
