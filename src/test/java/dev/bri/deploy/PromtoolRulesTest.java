package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert rules checked and unit-tested by the real promtool (Debian package prometheus). */
class PromtoolRulesTest {

    static final Path RULES_DIR = Path.of("deploy/prometheus/rules");
    static final Path RULES = RULES_DIR.resolve("bri-context.rules.yml");
    static final Path RULE_TESTS = RULES_DIR.resolve("bri-context.rules.test.yml");
    static final List<String> REQUIRED_ALERTS = List.of("BriContextBackupMissing", "BriContextBackupFailing",
            "BriContextBackupVerificationFailing", "BriContextCircuitBreakerOpen", "BriContextDown",
            "BriContextHighErrorRate", "BriContextHighLatency", "BriContextVolumeFilling",
            "BriContextMaintenanceStuck", "BriContextDegraded", "BriContextRestoreFailed",
            "BriContextApiKeysReloadFailing", "BriContextOffsiteBackupLagging",
            "BriContextOffsiteUploadsFailing", "BriContextErasureLedgerDamaged", "BriContextRetentionFailing",
            "BriContextArchiveLagging",
            "BriContextArchiveStopped", "BriContextWalOverCap", "BriContextBackupDrillFailed",
            "BriContextBackupDrillMissing", "BriContextQuickCheckFailed", "BriContextErrorBudgetBurning",
            "BriContextLatencyBudgetBurning", "BriContextBackupsDisappeared", "BriContextBackupShrank",
            "BriContextBackupJobFailed", "BriContextUnhealthy", "BriContextCacheTierDown",
            "BriContextAdminRequestsDenied", "BriContextVolumeFillingFast", "BriContextVolumeAlmostFull",
            "BriContextWalGrowing", "BriContextPodNotReady", "BriContextPodRestarting", "BriContextOOMKilled");

    /**
     * How an alert selects one release's series: the service's own metrics by job (the chart renders it as the
     * release's job and namespace), kube-state-metrics series by the release's object names (pod, CronJob).
     */
    static final List<String> RELEASE_SELECTORS = List.of("job=\"bri-context\"", "pod=~\"bri-context-.+\"",
            "owner_name=\"bri-context-backup\"");

    record Result(int exit, String output) {
    }

    static Result promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        Result r = promtool(RULES_DIR, "check", "rules", RULES.getFileName().toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        Result r = promtool(RULES_DIR, "test", "rules", RULE_TESTS.getFileName().toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    /** The harness must be able to fail: a wrong expectation makes promtool exit non-zero. */
    @Test
    void aWrongExpectationFailsTheUnitTests(@TempDir Path tmp) throws Exception {
        Files.copy(RULES, tmp.resolve(RULES.getFileName()));
        String tests = Files.readString(RULE_TESTS).replace("description: 'a has been in maintenance mode",
                "description: 'b has been in maintenance mode");
        Files.writeString(tmp.resolve(RULE_TESTS.getFileName()), tests);
        Result r = promtool(tmp, "test", "rules", RULE_TESTS.getFileName().toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("FAILED").contains("BriContextMaintenanceStuck");
    }

    @Test
    void everyRequiredAlertExistsWithSummaryDescriptionAndRunbook() {
        assertThat(alerts().stream().map(a -> a.get("alert").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(REQUIRED_ALERTS);
        for (JsonNode alert : alerts()) {
            String name = alert.get("alert").asText();
            JsonNode annotations = alert.get("annotations");
            assertThat(annotations.path("summary").asText()).as(name).isNotBlank();
            assertThat(annotations.path("description").asText()).as(name).isNotBlank();
            assertThat(annotations.path("runbook_url").asText()).as(name)
                    .isEqualTo("docs/OPERATIONS_RUNBOOK.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
            String expr = alert.get("expr").asText();
            assertThat(RELEASE_SELECTORS).as(name + " selects one release's series").anyMatch(expr::contains);
            if (expr.contains("kube_")) {
                // kube-state-metrics series carry its own job; a job="bri-context" there would select nothing
                assertThat(expr).as(name).doesNotContain("job=\"bri-context\"");
            }
        }
    }

    /** Each alert has at least one evaluation where it fires and one where it stays quiet. */
    @Test
    void everyAlertIsTestedFiringAndQuiet() {
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (JsonNode test : Chart.readYaml(RULE_TESTS).get("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String name = check.get("alertname").asText();
                (check.path("exp_alerts").isEmpty() ? quiet : fires).add(name);
            }
        }
        assertThat(fires).containsAll(REQUIRED_ALERTS);
        assertThat(quiet).containsAll(REQUIRED_ALERTS);
    }

    static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : Chart.readYaml(RULES).get("groups")) {
            group.get("rules").forEach(r -> {
                if (r.has("alert")) {
                    alerts.add(r);
                }
            });
        }
        return alerts;
    }
}
