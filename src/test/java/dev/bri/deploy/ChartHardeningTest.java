package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Defects a cluster would expose: names, label syntax, selectors, retention of data, Job failure handling. */
class ChartHardeningTest {

    private static final String FULLNAME = "prod-bri-context";
    /** Helm's own limit for release names. */
    private static final String LONG_RELEASE = "a".repeat(20) + "-" + "b".repeat(20) + "-" + "c".repeat(11);
    private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
    private static final Pattern LABEL_NAME = Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    // ---- names -------------------------------------------------------------------------------------------------

    @Test
    void aFiftyThreeCharacterReleaseNameFitsEveryLimit() {
        assertThat(LONG_RELEASE).hasSize(53);
        for (Optional<Path> values : Chart.valuesFiles()) {
            Chart.Rendered rendered = Chart.parse(Chart.render(values, c -> c.withName(LONG_RELEASE)
                    .set("backup.restore.enabled", true).set("backup.restore.at", "2026-11-28T12:00:00Z")
                    .set("backup.restore.backupId", "")));
            for (HasMetadata o : rendered.objects()) {
                String what = o.getKind() + "/" + o.getMetadata().getName();
                // Jobs of a CronJob are named <cronjob>-<11 characters>, which must stay within 63.
                int max = o instanceof CronJob ? 52 : 63;
                assertThat(o.getMetadata().getName()).as(what).hasSizeLessThanOrEqualTo(max)
                        .matches(o instanceof Service || o instanceof Pod ? DNS_LABEL : DNS_SUBDOMAIN);
                labelsOf(o).forEach((key, value) -> {
                    assertThat(key.substring(key.indexOf('/') + 1)).as(what + " label key " + key).matches(LABEL_NAME);
                    assertThat(value).as(what + " label " + key).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
                });
            }
            assertThat(rendered.all(Deployment.class)).as("rendered at all").hasSize(1);
        }
    }

    // ---- selectors ---------------------------------------------------------------------------------------------

    /** The Service, PDB and NetworkPolicy select the service pod and none of the release's Job or test pods. */
    @Test
    void workloadSelectorsMatchTheServicePodOnly() {
        Chart.Rendered rendered = Chart.rendered(Optional.of(Chart.CI.resolve("production-values.yaml")));
        Map<String, String> server = rendered.one(Deployment.class, FULLNAME).getSpec().getTemplate().getMetadata()
                .getLabels();
        Map<String, Map<String, String>> clients = new LinkedHashMap<>();
        rendered.all(CronJob.class).forEach(c -> clients.put("CronJob/" + c.getMetadata().getName(),
                c.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels()));
        rendered.all(Job.class).forEach(j -> clients.put("Job/" + j.getMetadata().getName(),
                j.getSpec().getTemplate().getMetadata().getLabels()));
        rendered.all(Pod.class)
                .forEach(p -> clients.put("Pod/" + p.getMetadata().getName(), p.getMetadata().getLabels()));
        assertThat(clients).hasSizeGreaterThanOrEqualTo(4);

        Map<String, Map<String, String>> selectors = Map.of(
                "Service", rendered.one(Service.class, FULLNAME).getSpec().getSelector(),
                "PodDisruptionBudget", rendered.one(PodDisruptionBudget.class, FULLNAME).getSpec().getSelector()
                        .getMatchLabels(),
                "NetworkPolicy", rendered.one(NetworkPolicy.class, FULLNAME).getSpec().getPodSelector()
                        .getMatchLabels(),
                "Deployment", rendered.one(Deployment.class, FULLNAME).getSpec().getSelector().getMatchLabels());
        selectors.forEach((owner, selector) -> {
            assertThat(server).as(owner + " selects the service pod").containsAllEntriesOf(selector);
            clients.forEach((client, labels) -> assertThat(labels.entrySet().containsAll(selector.entrySet()))
                    .as(owner + " must not select " + client).isFalse());
        });
    }

    // ---- data outlives the release -----------------------------------------------------------------------------

    @Test
    void claimsAreKeptOnUninstallUnlessToldOtherwise() {
        Chart.Rendered defaults = Chart.rendered(Optional.empty());
        assertThat(defaults.all(PersistentVolumeClaim.class)).hasSize(2).allSatisfy(p -> assertThat(
                p.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep"));
        Chart.Rendered notKept = Chart.rendered(c -> c.set("persistence.data.keep", false)
                .set("persistence.backups.keep", false).set("persistence.backups.annotations.team", "bri"));
        assertThat(notKept.one(PersistentVolumeClaim.class, FULLNAME + "-data").getMetadata().getAnnotations())
                .isNullOrEmpty();
        assertThat(notKept.one(PersistentVolumeClaim.class, FULLNAME + "-backups").getMetadata().getAnnotations())
                .containsOnly(Map.entry("team", "bri"));
    }

    /** One pod at a time may mount the database: a replacement cannot open it while the old pod terminates. */
    @Test
    void theDataClaimIsReadWriteOncePod() {
        PersistentVolumeClaim data = Chart.rendered(Optional.empty()).one(PersistentVolumeClaim.class,
                FULLNAME + "-data");
        assertThat(data.getSpec().getAccessModes()).containsExactly("ReadWriteOncePod");
        // ReadWriteOncePod is GA from Kubernetes 1.29: the chart says so.
        String chartYaml = Chart.readYaml(Chart.DIR.resolve("Chart.yaml")).path("kubeVersion").asText();
        assertThat(chartYaml).isEqualTo(">=1.29.0-0");
    }

    // ---- CronJob and Job ---------------------------------------------------------------------------------------

    @Test
    void cronMacrosAreAcceptedAndNonsenseIsNot() {
        for (String schedule : List.of("@daily", "@hourly", "@weekly", "*/15 * * * *", "0 2 * * 1-5")) {
            CronJob cron = Chart.rendered(c -> c.set("backup.cronjob.schedule", schedule))
                    .one(CronJob.class, FULLNAME + "-backup");
            assertThat(cron.getSpec().getSchedule()).isEqualTo(schedule);
        }
        for (String schedule : List.of("daily", "0 2 * *", "@fortnightly")) {
            assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("backup.cronjob.schedule", schedule)))
                    .as(schedule).hasMessageContaining("schedule");
        }
    }

    @Test
    void noBackupCronJobWhileNoServicePodRuns() {
        Chart.Rendered stopped = Chart.rendered(c -> c.set("replicaCount", 0));
        assertThat(stopped.all(CronJob.class)).isEmpty();
        assertThat(Chart.rendered(Optional.empty()).all(CronJob.class)).hasSize(1);
    }

    /** Usage (2) and busy (3) exits fail the Job at once instead of being retried; evictions do not count. */
    @Test
    void backupJobFailsFastOnUsageAndBusyAndIgnoresEvictions() {
        CronJob cron = Chart.rendered(Optional.empty()).one(CronJob.class, FULLNAME + "-backup");
        List<PodFailurePolicyRule> rules = cron.getSpec().getJobTemplate().getSpec().getPodFailurePolicy().getRules();
        assertThat(rules).anySatisfy(r -> {
            assertThat(r.getAction()).isEqualTo("FailJob");
            assertThat(r.getOnExitCodes().getOperator()).isEqualTo("In");
            assertThat(r.getOnExitCodes().getValues()).containsExactlyInAnyOrder(2, 3);
            assertThat(r.getOnExitCodes().getContainerName())
                    .isEqualTo(HelmChartTest.backupContainer(cron).getName());
        });
        assertThat(rules).anySatisfy(r -> {
            assertThat(r.getAction()).isEqualTo("Ignore");
            assertThat(r.getOnPodConditions()).singleElement()
                    .satisfies(c -> assertThat(c.getType()).isEqualTo("DisruptionTarget"));
        });
    }

    // ---- values ------------------------------------------------------------------------------------------------

    /** A key the chart sets itself would be rendered twice into the ConfigMap (the later one silently wins). */
    @Test
    void configCannotRepeatWhatTheChartSets() {
        for (String key : List.of("BRI_DATA_DIR", "BRI_BACKUP_CRON", "BRI_CACHE_REDIS_ENABLED", "QUARKUS_REDIS_HOSTS",
                "BRI_ADMIN_TOKEN")) {
            assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("config." + key, "x")))
                    .as(key).hasMessageContaining(key);
        }
        assertThat(Chart.rendered(c -> c.set("config.BRI_STORAGE_SYNCHRONOUS", "NORMAL")).yaml())
                .containsOnlyOnce("BRI_STORAGE_SYNCHRONOUS").contains("BRI_STORAGE_SYNCHRONOUS: \"NORMAL\"");
    }

    @Test
    void disruptionBudgetTakesMinAvailableOrMaxUnavailable() {
        PodDisruptionBudget byDefault = Chart.rendered(c -> c.set("podDisruptionBudget.enabled", true))
                .one(PodDisruptionBudget.class, FULLNAME);
        assertThat(byDefault.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(byDefault.getSpec().getMaxUnavailable()).isNull();
        PodDisruptionBudget max = Chart.rendered(c -> c.set("podDisruptionBudget.enabled", true)
                .set("podDisruptionBudget.maxUnavailable", 1)).one(PodDisruptionBudget.class, FULLNAME);
        assertThat(max.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(max.getSpec().getMinAvailable()).isNull();
    }

    private static Map<String, String> labelsOf(HasMetadata o) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (o.getMetadata().getLabels() != null) {
            labels.putAll(o.getMetadata().getLabels());
        }
        if (o instanceof Deployment d) {
            labels.putAll(d.getSpec().getTemplate().getMetadata().getLabels());
        } else if (o instanceof CronJob c) {
            labels.putAll(c.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels());
        } else if (o instanceof Job j) {
            labels.putAll(j.getSpec().getTemplate().getMetadata().getLabels());
        }
        return labels;
    }
}
