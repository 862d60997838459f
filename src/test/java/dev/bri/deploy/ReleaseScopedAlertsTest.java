package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two releases in one namespace, each with the PrometheusRule the chart renders for it, evaluated together by the real
 * promtool: one release's errors and outage fire for that release only, and the other release's rules stay quiet.
 * With selectors on job="bri-context" alone (the 0.1 chart) neither release's series would even be selected.
 */
class ReleaseScopedAlertsTest {

    private static final String TESTS = """
            rule_files: [alpha.rules.yml, beta.rules.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  # alpha: half of its requests fail; beta: none do
                  - series: 'http_server_requests_seconds_count{job="alpha-bri-context", namespace="bri", instance="10.0.0.1:8080", status="500", uri="/api/v1/videos/{videoId}"}'
                    values: '0+10x40'
                  - series: 'http_server_requests_seconds_count{job="alpha-bri-context", namespace="bri", instance="10.0.0.1:8080", status="200", uri="/api/v1/videos/{videoId}"}'
                    values: '0+10x40'
                  - series: 'http_server_requests_seconds_count{job="beta-bri-context", namespace="bri", instance="10.0.0.2:8080", status="200", uri="/api/v1/videos/{videoId}"}'
                    values: '0+20x40'
                  # beta's target is down, alpha's is up
                  - series: 'up{job="alpha-bri-context", namespace="bri", instance="10.0.0.1:8080"}'
                    values: '1x40'
                  - series: 'up{job="beta-bri-context", namespace="bri", instance="10.0.0.2:8080"}'
                    values: '0x40'
                alert_rule_test:
                  - eval_time: 20m
                    alertname: BriContextHighErrorRate
                    exp_alerts:
                      - exp_labels: {severity: warning, job: alpha-bri-context, namespace: bri}
                        exp_annotations:
                          summary: More than 5% of bri-context requests fail with 5xx
                          description: 50% of the requests answered 5xx over the last 5 minutes.
                          runbook_url: docs/OPERATIONS_RUNBOOK.md#bricontexthigherrorrate
                  - eval_time: 20m
                    alertname: BriContextDown
                    exp_alerts:
                      - exp_labels: {severity: critical, job: beta-bri-context, namespace: bri, instance: "10.0.0.2:8080"}
                        exp_annotations:
                          summary: bri-context is down
                          description: 'Prometheus cannot scrape bri-context (10.0.0.2:8080) for 5 minutes: BRI cannot read or store context.'
                          runbook_url: docs/OPERATIONS_RUNBOOK.md#bricontextdown
            """;

    @Test
    void eachReleaseAlertsOnItsOwnSeriesOnly(@TempDir Path dir) throws Exception {
        for (String release : List.of("alpha", "beta")) {
            Chart.Rendered rendered = Chart.parse(Chart.render(java.util.Optional.empty(), c -> c.withName(release)
                    .set("metrics.prometheusRule.enabled", true)));
            JsonNode rule = Chart.YAML.valueToTree(rendered.kind("PrometheusRule", release + "-bri-context"));
            String groups = String.join("\n", rule.at("/spec/groups").findValuesAsText("expr"));
            assertThat(groups).contains("job=\"" + release + "-bri-context\", namespace=\"" + Chart.NAMESPACE + "\"")
                    .doesNotContain("job=\"bri-context\"");
            ObjectNode file = Chart.YAML.createObjectNode();
            file.set("groups", rule.at("/spec/groups"));
            Files.writeString(dir.resolve(release + ".rules.yml"), Chart.YAML.writeValueAsString(file));
        }
        Files.writeString(dir.resolve("tests.yml"), TESTS);
        PromtoolRulesTest.Result r = PromtoolRulesTest.promtool(dir, "test", "rules", "tests.yml");
        assertThat(r.exit()).as(r.output()).isZero();
    }

    /** Aggregations keep the namespace and the job, so an alert names the release it is about. */
    @Test
    void aggregationsKeepTheReleaseLabels() {
        for (JsonNode alert : PromtoolRulesTest.alerts()) {
            String expr = alert.get("expr").asText();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(by|on) \\(([^)]*)\\)").matcher(expr);
            while (m.find()) {
                if (!m.group(2).equals("le") && !m.group(2).contains("le,")) {
                    assertThat(m.group(2)).as(alert.get("alert").asText() + ": " + m.group())
                            .contains("namespace").contains("job");
                }
            }
        }
    }
}
