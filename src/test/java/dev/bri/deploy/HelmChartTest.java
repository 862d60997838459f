package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart rendered by the real Helm engine with default, production-like and minimal values. */
class HelmChartTest {

    private static final String FULLNAME = "prod-bri-context";
    private static final String URL = "http://prod-bri-context:8080";

    static Stream<Optional<Path>> valuesFiles() {
        return Chart.valuesFiles().stream();
    }

    // ---- lint and schema ---------------------------------------------------------------------------------------

    @Test
    void lintIsCleanWithDefaultValues() {
        LintResult result = new Helm(Chart.DIR).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    /** helm lint takes no values file here, so each CI values file is merged into a copy of the chart and linted. */
    @ParameterizedTest
    @MethodSource("valuesFiles")
    void lintIsCleanWithEveryValuesFile(Optional<Path> valuesFile, @TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("bri-context");
        copyTree(Chart.DIR, copy);
        if (valuesFile.isPresent()) {
            ObjectNode merged = (ObjectNode) Chart.readYaml(Chart.DIR.resolve("values.yaml"));
            merge(merged, Chart.readYaml(valuesFile.get()));
            Files.writeString(copy.resolve("values.yaml"), Chart.YAML.writeValueAsString(merged));
        }
        LintResult result = new Helm(copy).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void schemaRejectsMisspelledKeys() {
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("replicaCont", 1)))
                .hasMessageContaining("replicaCont");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("persistence.data.existingClam", "x")))
                .hasMessageContaining("existingClam");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("backup.cronjob.shedule", "0 3 * * *")))
                .hasMessageContaining("shedule");
    }

    @Test
    void schemaRejectsWrongTypes() {
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("probes.startup.failureThreshold", "many")))
                .hasMessageContaining("failureThreshold");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("backup.cronjob.enabled", "yes")))
                .hasMessageContaining("enabled");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("persistence.data.size", "lots")))
                .hasMessageContaining("size");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("config.BRI_STORAGE_POOL_SIZE", 16)))
                .as("settings are strings, as environment variables are")
                .hasMessageContaining("BRI_STORAGE_POOL_SIZE");
    }

    @Test
    void moreThanOneReplicaIsRefusedWhileStorageIsSqlite() {
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("replicaCount", 2)))
                .hasMessageContaining("replicaCount");
        Deployment scaledDown = Chart.rendered(c -> c.set("replicaCount", 0)).one(Deployment.class, FULLNAME);
        assertThat(scaledDown.getSpec().getReplicas()).isZero();
    }

    // ---- workload ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void oneWriterPodReplacedNotRolled(Optional<Path> valuesFile) {
        Deployment deployment = Chart.rendered(valuesFile).one(Deployment.class, FULLNAME);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsOnly(
                Map.entry("app.kubernetes.io/name", "bri-context"),
                Map.entry("app.kubernetes.io/instance", Chart.RELEASE),
                Map.entry("app.kubernetes.io/component", "server"));
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void everyPodTemplateIsRestricted(Optional<Path> valuesFile) {
        Chart.Rendered rendered = Chart.rendered(valuesFile);
        Map<String, PodSpec> pods = rendered.podSpecs();
        assertThat(pods.keySet()).contains("Deployment/" + FULLNAME, "Pod/" + FULLNAME + "-test-health",
                "Pod/" + FULLNAME + "-test-admin-api");
        pods.forEach((name, pod) -> {
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
            assertThat(pod.getHostNetwork()).as(name).isNotEqualTo(Boolean.TRUE);
            var psc = pod.getSecurityContext();
            assertThat(psc.getRunAsNonRoot()).as(name).isTrue();
            assertThat(psc.getRunAsUser()).as(name).isPositive();
            assertThat(psc.getFsGroup()).as(name).isPositive();
            assertThat(psc.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            List<Container> containers = Stream.concat(pod.getContainers().stream(),
                    pod.getInitContainers().stream()).toList();
            assertThat(containers).as(name).isNotEmpty();
            for (Container c : containers) {
                var sc = c.getSecurityContext();
                assertThat(sc).as(name + "/" + c.getName()).isNotNull();
                assertThat(sc.getRunAsNonRoot()).as(name).isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(sc.getPrivileged()).as(name).isFalse();
                assertThat(sc.getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(sc.getCapabilities().getDrop()).as(name).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(name).isNullOrEmpty();
                assertThat(sc.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
                assertThat(c.getResources().getLimits()).as(name).isNotNull();
                if (c.getImage().contains("bri-context")) {
                    // The application image: sqlite-jdbc extracts its JNI library to /tmp.
                    assertThat(c.getVolumeMounts()).as(name)
                            .anyMatch(m -> m.getMountPath().equals("/tmp") && isEmptyDir(pod, m.getName()));
                }
            }
        });
    }

    @Test
    void imageDefaultsToTheChartAppVersionAndDigestWins() {
        Chart.Rendered defaults = Chart.rendered(Optional.empty());
        String appVersion = Chart.readYaml(Chart.DIR.resolve("Chart.yaml")).get("appVersion").asText();
        assertThat(container(defaults.one(Deployment.class, FULLNAME)).getImage())
                .isEqualTo("ghcr.io/bri/bri-context:" + appVersion);
        Chart.Rendered prod = Chart.rendered(Optional.of(Chart.CI.resolve("production-values.yaml")));
        String image = container(prod.one(Deployment.class, FULLNAME)).getImage();
        assertThat(image).startsWith("registry.example.com/bri/bri-context@sha256:");
        assertThat(backupContainer(prod.one(CronJob.class, FULLNAME + "-backup")).getImage()).isEqualTo(image);
    }

    @Test
    void serviceExposesTheHttpPortOfThePod() {
        Chart.Rendered rendered = Chart.rendered(Optional.empty());
        Service service = rendered.one(Service.class, FULLNAME);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.getSpec().getSelector()).isEqualTo(
                rendered.one(Deployment.class, FULLNAME).getSpec().getSelector().getMatchLabels());
    }

    @ParameterizedTest
    @MethodSource("valuesFiles")
    void everyObjectCarriesTheStandardLabels(Optional<Path> valuesFile) {
        for (HasMetadata o : Chart.rendered(valuesFile).objects()) {
            assertThat(o.getMetadata().getLabels()).as(o.getKind() + "/" + o.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/name", "bri-context")
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsKeys("app.kubernetes.io/version", "helm.sh/chart");
        }
    }

    @Test
    void serviceAccountHasNoTokenAndCanBeOmitted() {
        ServiceAccount account = Chart.rendered(Optional.empty()).one(ServiceAccount.class, FULLNAME);
        assertThat(account.getAutomountServiceAccountToken()).isFalse();
        Chart.Rendered minimal = Chart.rendered(Optional.of(Chart.CI.resolve("minimal-values.yaml")));
        assertThat(minimal.all(ServiceAccount.class)).isEmpty();
        assertThat(minimal.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("default");
    }

    @Test
    void schedulingAndResourcesComeFromValues() {
        PodSpec pod = Chart.rendered(Optional.of(Chart.CI.resolve("production-values.yaml")))
                .one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
        assertThat(pod.getPriorityClassName()).isEqualTo("business-critical");
        assertThat(pod.getImagePullSecrets()).singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("registry-credentials"));
        Container c = pod.getContainers().get(0);
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("1Gi");
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
    }

    // ---- storage, settings, secrets ----------------------------------------------------------------------------

    @Test
    void dataAndBackupVolumesAreClaimsMountedWhereTheServiceLooks() {
        Chart.Rendered rendered = Chart.rendered(Optional.empty());
        assertThat(rendered.all(PersistentVolumeClaim.class)).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(FULLNAME + "-data", FULLNAME + "-backups");
        Deployment deployment = rendered.one(Deployment.class, FULLNAME);
        Map<String, String> settings = rendered.one(ConfigMap.class, FULLNAME).getData();
        assertThat(settings).containsEntry("BRI_DATA_DIR", "/data").containsEntry("BRI_BACKUP_DIR", "/backups");
        assertThat(claimMountedAt(deployment, "/data")).isEqualTo(FULLNAME + "-data");
        assertThat(claimMountedAt(deployment, "/backups")).isEqualTo(FULLNAME + "-backups");
        assertThat(container(deployment).getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(FULLNAME));
    }

    @Test
    void existingClaimsAreUsedInsteadOfNewOnes() {
        Chart.Rendered rendered = Chart.rendered(Optional.of(Chart.CI.resolve("production-values.yaml")));
        assertThat(rendered.all(PersistentVolumeClaim.class)).singleElement().satisfies(p -> {
            assertThat(p.getMetadata().getName()).isEqualTo(FULLNAME + "-backups");
            assertThat(p.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
            assertThat(p.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        });
        Deployment deployment = rendered.one(Deployment.class, FULLNAME);
        assertThat(claimMountedAt(deployment, "/data")).isEqualTo("bri-context-data-restored");
        Chart.Rendered both = Chart.rendered(c -> c.set("persistence.backups.existingClaim", "old-backups"));
        assertThat(claimMountedAt(both.one(Deployment.class, FULLNAME), "/backups")).isEqualTo("old-backups");
        assertThat(both.all(PersistentVolumeClaim.class)).extracting(p -> p.getMetadata().getName())
                .containsExactly(FULLNAME + "-data");
    }

    @Test
    void withoutPersistenceTheVolumesAreEmptyDirs() {
        Chart.Rendered rendered = Chart.rendered(Optional.of(Chart.CI.resolve("minimal-values.yaml")));
        assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
        PodSpec pod = rendered.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getEmptyDir()).as(v.getName()).isNotNull());
    }

    @Test
    void adminTokenComesFromTheChartsSecret() {
        Chart.Rendered rendered = Chart.rendered(c -> c.set("auth.adminToken", "s3cret-token"));
        Secret secret = rendered.one(Secret.class, FULLNAME);
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("admin-token"))))
                .isEqualTo("s3cret-token");
        assertThat(secret.getMetadata().getAnnotations()).isNullOrEmpty();
        assertTokenRefs(rendered, FULLNAME, "admin-token");
        // Not given: generated on the first install and looked up afterwards (GeneratedTokenTest), a normal resource
        // (no hook: GitOps tools re-run hooks, and a hook is never created for an existing release), kept on uninstall.
        Chart.Rendered defaults = Chart.rendered(Optional.empty());
        Secret generated = defaults.one(Secret.class, FULLNAME + "-generated");
        assertThat(java.util.Base64.getDecoder().decode(generated.getData().get("admin-token"))).hasSize(48);
        assertThat(generated.getMetadata().getAnnotations()).containsOnly(
                Map.entry("helm.sh/resource-policy", "keep"));
        assertTokenRefs(defaults, FULLNAME + "-generated", "admin-token");
        assertThat(rendered.one(ConfigMap.class, FULLNAME).getData()).doesNotContainKey("BRI_ADMIN_TOKEN");
    }

    @Test
    void existingSecretReplacesTheChartsSecret() {
        Chart.Rendered rendered = Chart.rendered(Optional.of(Chart.CI.resolve("production-values.yaml")));
        assertThat(rendered.all(Secret.class)).isEmpty();
        assertTokenRefs(rendered, "bri-context-admin", "token");
    }

    @Test
    void redisTierIsOffUnlessConfigured() {
        assertThat(Chart.rendered(Optional.empty()).one(ConfigMap.class, FULLNAME).getData())
                .containsEntry("BRI_CACHE_REDIS_ENABLED", "false").doesNotContainKey("QUARKUS_REDIS_HOSTS");
        Chart.Rendered plain = Chart.rendered(c -> c.set("redis.enabled", true)
                .set("redis.hosts", "redis://redis-master.cache:6379"));
        assertThat(plain.one(ConfigMap.class, FULLNAME).getData())
                .containsEntry("BRI_CACHE_REDIS_ENABLED", "true")
                .containsEntry("QUARKUS_REDIS_HOSTS", "redis://redis-master.cache:6379");
        Chart.Rendered secret = Chart.rendered(Optional.of(Chart.CI.resolve("production-values.yaml")));
        assertThat(secret.one(ConfigMap.class, FULLNAME).getData()).containsEntry("BRI_CACHE_REDIS_ENABLED", "true")
                .doesNotContainKey("QUARKUS_REDIS_HOSTS");
        EnvVar hosts = env(container(secret.one(Deployment.class, FULLNAME)), "QUARKUS_REDIS_HOSTS");
        assertThat(hosts.getValueFrom().getSecretKeyRef().getName()).isEqualTo("bri-context-redis");
        assertThat(hosts.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("url");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("redis.enabled", true)))
                .hasMessageContaining("redis.hosts or redis.existingSecret is required");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("redis.hosts", "redis-master:6379")))
                .hasMessageContaining("hosts");
    }

    // ---- backups -----------------------------------------------------------------------------------------------

    @Test
    void backupCronJobRunsTheImageInCliModeAgainstTheService() {
        Chart.Rendered rendered = Chart.rendered(Optional.empty());
        CronJob cron = rendered.one(CronJob.class, FULLNAME + "-backup");
        assertThat(cron.getApiVersion()).isEqualTo("batch/v1");
        assertThat(cron.getSpec().getSchedule()).isEqualTo("0 2 * * *");
        assertThat(cron.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(cron.getSpec().getStartingDeadlineSeconds()).isEqualTo(600L);
        assertThat(cron.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
        assertThat(cron.getSpec().getFailedJobsHistoryLimit()).isEqualTo(3);
        JobSpec job = cron.getSpec().getJobTemplate().getSpec();
        assertThat(job.getBackoffLimit()).isEqualTo(2);
        assertThat(job.getActiveDeadlineSeconds()).isEqualTo(3600L);
        assertThat(job.getTtlSecondsAfterFinished()).isEqualTo(604800);
        assertThat(job.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        Container backup = backupContainer(cron);
        // No command: the image's entrypoint (java -jar quarkus-run.jar / the native binary) gets these arguments.
        assertThat(backup.getCommand()).isNullOrEmpty();
        assertThat(backup.getArgs()).containsExactly("backup", "create", "--url", URL, "--verify", "--cleanup");
        assertThat(backup.getEnv()).extracting(EnvVar::getName).containsExactly("BRI_ADMIN_TOKEN");
        // The URL names the chart's Service and port.
        Service service = rendered.one(Service.class, FULLNAME);
        assertThat(URL).isEqualTo("http://" + service.getMetadata().getName() + ":"
                + service.getSpec().getPorts().get(0).getPort());
        // The service's own schedule is off while the CronJob takes the backups.
        assertThat(rendered.one(ConfigMap.class, FULLNAME).getData()).containsEntry("BRI_BACKUP_CRON", "off");
        assertThat(cron.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("bri.dev/client-of", FULLNAME);
    }

    @Test
    void backupFlagsAndScheduleAreConfigurable() {
        CronJob cron = Chart.rendered(c -> c.set("backup.cronjob.verify", false).set("backup.cronjob.cleanup", false)
                .set("backup.cronjob.schedule", "30 3 * * 0").set("backup.cronjob.suspend", true))
                .one(CronJob.class, FULLNAME + "-backup");
        assertThat(backupContainer(cron).getArgs()).containsExactly("backup", "create", "--url", URL);
        assertThat(cron.getSpec().getSchedule()).isEqualTo("30 3 * * 0");
        assertThat(cron.getSpec().getSuspend()).isTrue();
    }

    @Test
    void withoutTheCronJobTheServiceSchedulesItsOwnBackups() {
        Chart.Rendered rendered = Chart.rendered(Optional.of(Chart.CI.resolve("minimal-values.yaml")));
        assertThat(rendered.all(CronJob.class)).isEmpty();
        assertThat(rendered.one(ConfigMap.class, FULLNAME).getData()).doesNotContainKey("BRI_BACKUP_CRON");
    }

    @Test
    void restoreJobIsOffByDefaultAndRestoresWhatItIsTold() {
        String id = "backup-20261128T020000123Z-7f3a1c";
        assertThat(Chart.rendered(Optional.empty()).all(Job.class)).isEmpty();
        assertThat(restoreArgs(c -> c.set("backup.restore.enabled", true).set("backup.restore.backupId", id)
                .set("backup.restore.dryRun", true)))
                .containsExactly("backup", "restore", id, "--url", URL, "--yes", "--dry-run");
        assertThat(restoreArgs(
                c -> c.set("backup.restore.enabled", true).set("backup.restore.at", "2026-11-28T12:00:00Z")))
                .containsExactly("backup", "restore", "--at", "2026-11-28T12:00:00Z", "--url", URL, "--yes");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("backup.restore.enabled", true)
                .set("backup.restore.backupId", id).set("backup.restore.at", "2026-11-28T12:00:00Z")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("backup.restore.backupId", "../../etc")))
                .hasMessageContaining("backupId");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("backup.restore.at", "yesterday")))
                .hasMessageContaining("at");
        Job job = Chart.rendered(Optional.of(Chart.CI.resolve("production-values.yaml"))).all(Job.class).get(0);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).as("kept while enabled").isNull();
        assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "restore");
    }

    /** Without a target there is no restore: the chart never picks "the latest" backup on its own. */
    @Test
    void restoreJobMustNameItsTarget() {
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("backup.restore.enabled", true)))
                .hasMessageContaining("name the target");
    }

    /**
     * The Job's name comes from its target: every later upgrade renders the same Job (a finished Job is left alone,
     * not run again), another target is another Job. A revision-based name restored again on every upgrade.
     */
    @Test
    void restoreJobRunsOncePerTarget() {
        String first = restoreJobName(c -> c.set("backup.restore.backupId", "backup-20261128T020000123Z-7f3a1c"));
        String again = restoreJobName(c -> c.set("backup.restore.backupId", "backup-20261128T020000123Z-7f3a1c")
                .set("backup.cronjob.schedule", "@daily"));
        String other = restoreJobName(c -> c.set("backup.restore.backupId", "backup-20261129T020000123Z-00aa11"));
        String byTime = restoreJobName(c -> c.set("backup.restore.at", "2026-11-28T12:00:00Z"));
        assertThat(again).isEqualTo(first);
        assertThat(List.of(first, other, byTime)).doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(n).startsWith(FULLNAME + "-restore-").hasSizeLessThanOrEqualTo(63));
    }

    private static String restoreJobName(java.util.function.Consumer<com.marcnuri.helm.TemplateCommand> target) {
        List<Job> jobs = Chart.rendered(c -> target.accept(c.set("backup.restore.enabled", true))).all(Job.class);
        assertThat(jobs).hasSize(1);
        return jobs.get(0).getMetadata().getName();
    }

    // ---- network, disruption, monitoring -----------------------------------------------------------------------

    @Test
    void networkPolicyAdmitsTheReleasesClientsAndConfiguredPeersOnly() {
        NetworkPolicy defaults = Chart.rendered(Optional.empty()).one(NetworkPolicy.class, FULLNAME);
        assertThat(defaults.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(defaults.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
            assertThat(rule.getFrom()).hasSize(2);
            assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels()).containsEntry("bri.dev/client-of",
                    FULLNAME);
        });
        NetworkPolicy prod = Chart.rendered(Optional.of(Chart.CI.resolve("production-values.yaml")))
                .one(NetworkPolicy.class, FULLNAME);
        assertThat(prod.getSpec().getIngress().get(0).getFrom()).hasSize(3)
                .noneMatch(peer -> peer.getPodSelector() != null && peer.getPodSelector().getMatchLabels() == null
                        && peer.getNamespaceSelector() == null);
        assertThat(Chart.rendered(Optional.of(Chart.CI.resolve("minimal-values.yaml"))).all(NetworkPolicy.class))
                .isEmpty();
    }

    @Test
    void podDisruptionBudgetIsOptional() {
        assertThat(Chart.rendered(Optional.empty()).all(PodDisruptionBudget.class)).isEmpty();
        PodDisruptionBudget pdb = Chart.rendered(Optional.of(Chart.CI.resolve("production-values.yaml")))
                .one(PodDisruptionBudget.class, FULLNAME);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isZero();
    }

    @Test
    void monitoringObjectsAreToggles() throws IOException {
        Chart.Rendered defaults = Chart.rendered(Optional.empty());
        assertThat(defaults.names()).noneMatch(n -> n.startsWith("ServiceMonitor/") || n.startsWith("PrometheusRule/"))
                .doesNotContain("ConfigMap/" + FULLNAME + "-dashboard");

        Chart.Rendered prod = Chart.rendered(Optional.of(Chart.CI.resolve("production-values.yaml")));
        JsonNode monitor = Chart.YAML.valueToTree(prod.kind("ServiceMonitor", FULLNAME));
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        // job = the Service's name (one per release), which the rules select on together with the namespace
        assertThat(monitor.at("/spec/jobLabel").isMissingNode()).isTrue();
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/spec/endpoints/0/interval").asText()).isEqualTo("15s");

        JsonNode rule = Chart.YAML.valueToTree(prod.kind("PrometheusRule", FULLNAME));
        assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        String source = Files.readString(Path.of("deploy/prometheus/rules/bri-context.rules.yml"));
        JsonNode expected = Chart.YAML.readTree(source.replace("runbook_url: docs/",
                "runbook_url: https://git.example.com/bri/bri-context/blob/main/docs/")
                .replace("job=\"bri-context\"", "job=\"" + FULLNAME + "\", namespace=\"" + Chart.NAMESPACE + "\"")
                .replace("pod=~\"bri-context-.+\"", "namespace=\"bri\", pod=~\"" + FULLNAME + "-.+\"")
                .replace("owner_name=\"bri-context-backup\"",
                        "namespace=\"bri\", owner_name=\"" + FULLNAME + "-backup\"")
                .replace("cronjob=\"bri-context-backup\"", "namespace=\"bri\", cronjob=\"" + FULLNAME + "-backup\""))
                .get("groups");
        assertThat(rule.at("/spec/groups")).isEqualTo(expected);
        assertThat(rule.at("/spec/groups").findValuesAsText("alert"))
                .hasSize(PromtoolRulesTest.REQUIRED_ALERTS.size());

        ConfigMap dashboard = prod.one(ConfigMap.class, FULLNAME + "-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "BRI");
        assertThat(dashboard.getData().get("bri-context-dashboard.json"))
                .isEqualTo(Files.readString(Path.of("deploy/grafana/bri-context-dashboard.json")).stripTrailing());
    }

    @Test
    void testHooksCheckHealthAndAnAuthenticatedCall() {
        Chart.Rendered rendered = Chart.rendered(Optional.empty());
        Pod health = rendered.one(Pod.class, FULLNAME + "-test-health");
        Pod admin = rendered.one(Pod.class, FULLNAME + "-test-admin-api");
        for (Pod p : List.of(health, admin)) {
            assertThat(p.getMetadata().getAnnotations()).containsEntry(Chart.HOOK, "test");
            assertThat(p.getSpec().getRestartPolicy()).isEqualTo("Never");
            assertThat(p.getMetadata().getLabels()).containsEntry("bri.dev/client-of", FULLNAME);
        }
        assertThat(health.getSpec().getContainers().get(0).getArgs()).last().isEqualTo(URL + "/q/health/ready");
        Container call = admin.getSpec().getContainers().get(0);
        assertThat(call.getArgs()).contains("Authorization: Bearer $(BRI_ADMIN_TOKEN)").last()
                .isEqualTo(URL + "/admin/health");
        assertThat(env(call, "BRI_ADMIN_TOKEN").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo(FULLNAME + "-generated");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static List<String> restoreArgs(java.util.function.Consumer<com.marcnuri.helm.TemplateCommand> options) {
        List<Job> jobs = Chart.rendered(options).all(Job.class);
        assertThat(jobs).hasSize(1);
        return jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    }

    private static void assertTokenRefs(Chart.Rendered rendered, String secret, String key) {
        List<Container> users = Stream.of(
                container(rendered.one(Deployment.class, FULLNAME)),
                backupContainer(rendered.one(CronJob.class, FULLNAME + "-backup")),
                rendered.one(Pod.class, FULLNAME + "-test-admin-api").getSpec().getContainers().get(0)).toList();
        for (Container c : users) {
            EnvVar token = env(c, "BRI_ADMIN_TOKEN");
            assertThat(token.getValue()).isNull();
            assertThat(token.getValueFrom().getSecretKeyRef().getName()).as(c.getName()).isEqualTo(secret);
            assertThat(token.getValueFrom().getSecretKeyRef().getKey()).as(c.getName()).isEqualTo(key);
        }
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Container backupContainer(CronJob cron) {
        return cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + c.getName()));
    }

    private static String claimMountedAt(Deployment deployment, String path) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        String volume = container(deployment).getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path))
                .findFirst().orElseThrow().getName();
        Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(volume)).findFirst().orElseThrow();
        return v.getPersistentVolumeClaim().getClaimName();
    }

    private static boolean isEmptyDir(PodSpec pod, String volume) {
        return pod.getVolumes().stream().anyMatch(v -> v.getName().equals(volume) && v.getEmptyDir() != null);
    }

    private static void merge(ObjectNode target, JsonNode overrides) {
        Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode current = target.get(f.getKey());
            if (current instanceof ObjectNode obj && f.getValue().isObject()) {
                merge(obj, f.getValue());
            } else {
                target.set(f.getKey(), f.getValue());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
