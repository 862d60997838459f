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
                  # kube-state-metrics: alpha's service pod is not ready, beta's is; beta's backup Job failed
                  - series: 'kube_pod_container_status_ready{job="kube-state-metrics", namespace="bri", pod="alpha-bri-context-6d9f7c5b4-x2x7q", container="bri-context"}'
                    values: '0x40'
                  - series: 'kube_pod_container_status_ready{job="kube-state-metrics", namespace="bri", pod="beta-bri-context-6d9f7c5b4-x2x7q", container="bri-context"}'
                    values: '1x40'
                  - series: 'kube_job_owner{job="kube-state-metrics", namespace="bri", job_name="beta-bri-context-backup-29000030", owner_kind="CronJob", owner_name="beta-bri-context-backup", owner_is_controller="true"}'
                    values: '1x40'
                  - series: 'kube_job_status_start_time{job="kube-state-metrics", namespace="bri", job_name="beta-bri-context-backup-29000030"}'
                    values: '60x40'
                  - series: 'kube_job_failed{job="kube-state-metrics", namespace="bri", job_name="beta-bri-context-backup-29000030", condition="true"}'
                    values: '1x40'
                  - series: 'kube_cronjob_created{job="kube-state-metrics", namespace="bri", cronjob="beta-bri-context-backup"}'
                    values: '30x40'
                  - series: 'kube_cronjob_created{job="kube-state-metrics", namespace="bri", cronjob="alpha-bri-context-backup"}'
                    values: '30x40'
                alert_rule_test:
                  - eval_time: 20m
                    alertname: BriContextHighErrorRate
                    exp_alerts:
                      - exp_labels: {severity: critical, job: alpha-bri-context, namespace: bri}
                        exp_annotations:
                          summary: bri-context burns its error budget fast
                          description: '50% of the requests answered 5xx (objective 99.5%): at this rate the 30-day error budget is gone in less than 5 days.'
                          runbook_url: docs/OPERATIONS_RUNBOOK.md#bricontexthigherrorrate
                  - eval_time: 20m
                    alertname: BriContextPodNotReady
                    exp_alerts:
                      - exp_labels: {severity: critical, namespace: bri, pod: alpha-bri-context-6d9f7c5b4-x2x7q}
                        exp_annotations:
                          summary: A bri-context pod is not ready
                          description: bri/alpha-bri-context-6d9f7c5b4-x2x7q has not been ready for 15 minutes.
                          runbook_url: docs/OPERATIONS_RUNBOOK.md#bricontextpodnotready
                  - eval_time: 20m
                    alertname: BriContextBackupJobFailed
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: bri, job_name: beta-bri-context-backup-29000030}
                        exp_annotations:
                          summary: A bri-context backup Job failed
                          description: The backup Job bri/beta-bri-context-backup-29000030 failed and no backup Job has succeeded since.
                          runbook_url: docs/OPERATIONS_RUNBOOK.md#bricontextbackupjobfailed
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
                    .contains("namespace=\"bri\", pod=~\"" + release + "-bri-context-.+\"")
                    .contains("namespace=\"bri\", owner_name=\"" + release + "-bri-context-backup\"")
                    .contains("namespace=\"bri\", cronjob=\"" + release + "-bri-context-backup\"");
            PromtoolRulesTest.RELEASE_SELECTORS.forEach(s -> assertThat(groups).doesNotContain(s));
            ObjectNode file = Chart.YAML.createObjectNode();
            file.set("groups", rule.at("/spec/groups"));
            Files.writeString(dir.resolve(release + ".rules.yml"), Chart.YAML.writeValueAsString(file));
        }
        Files.writeString(dir.resolve("tests.yml"), TESTS);
        PromtoolRulesTest.Result r = PromtoolRulesTest.promtool(dir, "test", "rules", "tests.yml");
        assertThat(r.exit()).as(r.output()).isZero();
    }

    /**
     * Aggregations keep the namespace and the job, so an alert names the release it is about; alerts on
     * kube-state-metrics series (whose job is kube-state-metrics) keep the namespace and the object's name.
     */
    @Test
    void aggregationsKeepTheReleaseLabels() {
        for (JsonNode alert : PromtoolRulesTest.alerts()) {
            String expr = alert.get("expr").asText();
            if (expr.contains("kube_")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(by|on) \\(([^)]*)\\)").matcher(expr);
                while (m.find()) {
                    assertThat(m.group(2)).as(alert.get("alert").asText() + ": " + m.group()).contains("namespace");
                    if (m.group(1).equals("by") && !m.group(2).equals("namespace")) {
                        assertThat(m.group(2)).as(alert.get("alert").asText() + ": " + m.group())
                                .containsAnyOf("pod", "job_name");
                    }
                }
                continue;
            }
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
