package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's wiring of the offsite copy (issue 17) and of the data API's security (issue 19): settings in the
 * ConfigMap, secrets only by reference, the keys file mounted so that rotations reach the service, the jobs keep
 * working with authentication on, the disaster-recovery restore from the bucket, egress to the object store.
 */
class ChartOffsiteAndSecurityTest {

    private static final String FULLNAME = "prod-bri-context";
    private static final Path PRODUCTION = Chart.CI.resolve("production-values.yaml");

    // ---- offsite (issue 17) ------------------------------------------------------------------------------------

    @Test
    void offsiteSettingsAreRenderedAndCredentialsComeFromTheSecretOnly() {
        Chart.Rendered rendered = Chart.rendered(Optional.of(PRODUCTION));
        Map<String, String> settings = rendered.one(ConfigMap.class, FULLNAME).getData();
        assertThat(settings).containsEntry("BRI_BACKUP_S3_BUCKET", "bri-backups")
                .containsEntry("BRI_BACKUP_S3_ENDPOINT", "https://s3.eu-central-1.example.net")
                .containsEntry("BRI_BACKUP_S3_REGION", "eu-central-1")
                .containsEntry("BRI_BACKUP_S3_PREFIX", "prod/bri-context")
                .containsEntry("BRI_BACKUP_S3_PATH_STYLE_ACCESS", "true")
                .containsEntry("BRI_BACKUP_S3_INTERVAL", "1m")
                .containsEntry("BRI_BACKUP_S3_OBJECT_LOCK_MODE", "GOVERNANCE")
                .containsEntry("BRI_BACKUP_S3_OBJECT_LOCK_RETAIN_DAYS", "14")
                .containsEntry("BRI_BACKUP_ENCRYPTION_RECIPIENTS",
                        "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p")
                // the service never gets the identity, and no credential is in a ConfigMap
                .doesNotContainKeys("BRI_BACKUP_ENCRYPTION_IDENTITY_FILE", "AWS_ACCESS_KEY_ID",
                        "AWS_SECRET_ACCESS_KEY");
        Container app = HelmChartTest.container(rendered.one(Deployment.class, FULLNAME));
        for (String[] ref : List.of(new String[]{"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"},
                new String[]{"AWS_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"})) {
            EnvVar env = HelmChartTest.env(app, ref[0]);
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("bri-context-s3");
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(ref[1]);
        }
        assertThat(app.getVolumeMounts()).noneMatch(m -> m.getMountPath().contains("identity"));
        // off by default: nothing of it rendered
        Chart.Rendered defaults = Chart.rendered(Optional.empty());
        assertThat(defaults.one(ConfigMap.class, FULLNAME).getData().keySet())
                .noneMatch(k -> k.startsWith("BRI_BACKUP_S3") || k.startsWith("BRI_BACKUP_ENCRYPTION"));
        assertThat(HelmChartTest.container(defaults.one(Deployment.class, FULLNAME)).getEnv())
                .noneMatch(e -> e.getName().startsWith("AWS_"));
    }

    @Test
    void offsiteRefusesMissingCredentialsAndBadSettings() {
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("offsite.enabled", true)
                .set("offsite.bucket", "bri-backups"))).hasMessageContaining("existingSecret");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("offsite.enabled", true)
                .set("offsite.credentials.existingSecret", "s3"))).hasMessageContaining("bucket");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("offsite.recipients[0]",
                "AGE-SECRET-KEY-1QQQQ"))).as("a private key where a public one belongs").hasMessageContaining(
                        "recipients");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("offsite.objectLock.mode", "forever")))
                .hasMessageContaining("mode");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("config.AWS_SECRET_ACCESS_KEY", "x")))
                .as("credentials never through config").hasMessageContaining("AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void localEncryptionOfTheSnapshotsNeedsRecipientsAndWorksWithoutTheOffsiteCopy() {
        assertThat(Chart.rendered(Optional.of(PRODUCTION)).one(ConfigMap.class, FULLNAME).getData())
                .containsEntry("BRI_BACKUP_ENCRYPTION_LOCAL", "true");
        String recipient = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
        Map<String, String> alone = Chart.rendered(Optional.empty(), c -> c.set("backup.encryptLocal", true)
                .set("offsite.recipients[0]", recipient)).one(ConfigMap.class, FULLNAME).getData();
        assertThat(alone).containsEntry("BRI_BACKUP_ENCRYPTION_LOCAL", "true")
                .containsEntry("BRI_BACKUP_ENCRYPTION_RECIPIENTS", recipient).doesNotContainKey("BRI_BACKUP_S3_BUCKET");
        assertThat(Chart.rendered(Optional.empty()).one(ConfigMap.class, FULLNAME).getData())
                .doesNotContainKeys("BRI_BACKUP_ENCRYPTION_LOCAL", "BRI_BACKUP_ENCRYPTION_RECIPIENTS");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("backup.encryptLocal", true)))
                .hasMessageContaining("offsite.recipients");
    }

    @Test
    void egressIsOpenedToTheObjectStoreWhenRestricted() {
        NetworkPolicy policy = Chart.rendered(Optional.of(PRODUCTION)).one(NetworkPolicy.class, FULLNAME);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertThat(egress).as("the object store").anyMatch(r -> r.getTo().size() == 1
                && r.getTo().get(0).getIpBlock() != null
                && r.getTo().get(0).getIpBlock().getCidr().equals("203.0.113.0/24") && r.getPorts().size() == 1
                && r.getPorts().get(0).getPort().getIntVal() == 443);
        assertThat(egress).anySatisfy(r -> assertThat(r.getPorts()).extracting(p -> p.getPort().getIntVal())
                .containsOnly(53));
        assertThat(egress).anySatisfy(r -> assertThat(r.getPorts()).extracting(p -> p.getPort().getIntVal())
                .containsOnly(6379));
        assertThat(Chart.rendered(Optional.empty()).one(NetworkPolicy.class, FULLNAME).getSpec().getPolicyTypes())
                .as("egress unrestricted by default").containsExactly("Ingress");
    }

    /** Disaster recovery into an empty namespace: the service stopped, the Job restores from the bucket alone. */
    @Test
    void restoreFromTheBucketRunsOfflineWithTheIdentityOfItsOwn() {
        String at = "2026-11-28T12:00:00Z";
        Chart.Rendered rendered = Chart.rendered(Optional.of(PRODUCTION), c -> c.set("replicaCount", 0)
                .set("backup.restore.fromS3", true).set("backup.restore.backupId", "").set("backup.restore.at", at));
        Job job = rendered.all(Job.class).get(0);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container restore = pod.getContainers().get(0);
        assertThat(restore.getArgs()).containsExactly("backup", "restore", "--from-s3", "--at", at,
                "--identity-file", "/etc/bri/identity/identity", "--yes");
        assertThat(restore.getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(FULLNAME));
        assertThat(HelmChartTest.env(restore, "AWS_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("bri-context-s3");
        assertThat(restore.getEnv()).noneMatch(e -> e.getName().equals("BRI_ADMIN_TOKEN"));
        assertThat(mount(restore, "/etc/bri/identity").getReadOnly()).isTrue();
        assertThat(volume(pod, "identity").getSecret().getSecretName()).isEqualTo("bri-context-age-identity");
        assertThat(volume(pod, mount(restore, "/data").getName()).getPersistentVolumeClaim().getClaimName())
                .isEqualTo("bri-context-data-restored");
        assertThat(volume(pod, mount(restore, "/backups").getName()).getPersistentVolumeClaim().getClaimName())
                .isEqualTo(FULLNAME + "-backups");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("bri.dev/restore-target", "s3-at-" + at);
        assertThat(job.getSpec().getBackoffLimit()).isZero();

        // while the service runs it holds the volumes: refused
        assertThatThrownBy(() -> Chart.render(Optional.of(PRODUCTION), c -> c.set("backup.restore.fromS3", true)))
                .hasMessageContaining("replicaCount=0");
        assertThatThrownBy(() -> Chart.render(Optional.of(PRODUCTION), c -> c.set("replicaCount", 0)
                .set("backup.restore.fromS3", true).set("offsite.identity.existingSecret", "")))
                .hasMessageContaining("offsite.identity.existingSecret");
    }

    // ---- authentication and rate limits (issue 19) ---------------------------------------------------------------

    @Test
    void apiKeysAreMountedReadOnlyAsADirectorySoRotationsReachTheService() {
        Chart.Rendered rendered = Chart.rendered(Optional.of(PRODUCTION));
        Map<String, String> settings = rendered.one(ConfigMap.class, FULLNAME).getData();
        assertThat(settings).containsEntry("BRI_AUTH_ENABLED", "true")
                .containsEntry("BRI_AUTH_KEYS_FILE", "/etc/bri/api-keys/keys")
                .containsEntry("BRI_AUTH_RELOAD_INTERVAL", "10s");
        Deployment deployment = rendered.one(Deployment.class, FULLNAME);
        Container app = HelmChartTest.container(deployment);
        VolumeMount keys = mount(app, "/etc/bri/api-keys");
        assertThat(keys.getReadOnly()).isTrue();
        // a subPath mount is a copy the kubelet never updates: a rotated Secret would not reach the service
        assertThat(keys.getSubPath()).isNull();
        Volume volume = volume(deployment.getSpec().getTemplate().getSpec(), keys.getName());
        assertThat(volume.getSecret().getSecretName()).isEqualTo("bri-context-api-keys");
        assertThat(volume.getSecret().getItems()).singleElement().satisfies(i -> {
            assertThat(i.getKey()).isEqualTo("keys");
            assertThat(i.getPath()).isEqualTo("keys");
        });
        assertThat(settings.get("BRI_AUTH_KEYS_FILE")).isEqualTo(keys.getMountPath() + "/keys");

        assertThat(Chart.rendered(Optional.empty()).one(ConfigMap.class, FULLNAME).getData())
                .containsEntry("BRI_AUTH_ENABLED", "false").doesNotContainKey("BRI_AUTH_KEYS_FILE");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("auth.api.enabled", true)))
                .hasMessageContaining("keysSecret");
    }

    @Test
    void rateLimitsAreOffByDefaultAndOnInProduction() {
        assertThat(Chart.rendered(Optional.empty()).one(ConfigMap.class, FULLNAME).getData())
                .containsEntry("BRI_RATE_LIMIT_ENABLED", "false").doesNotContainKey("BRI_RATE_LIMIT_READ");
        assertThat(Chart.rendered(Optional.of(PRODUCTION)).one(ConfigMap.class, FULLNAME).getData())
                .containsEntry("BRI_RATE_LIMIT_ENABLED", "true").containsEntry("BRI_RATE_LIMIT_READ", "300/50")
                .containsEntry("BRI_RATE_LIMIT_SEARCH", "120/20").containsEntry("BRI_RATE_LIMIT_WRITE", "120/20");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("rateLimit.read", "lots")))
                .hasMessageContaining("read");
    }

    /**
     * With authentication on, the backup CronJob, the online restore Job and the admin test hook still authenticate
     * with the admin token (every scope), read from the Secret, never written into the manifest; none of them needs
     * the data API's keys. (BackupCronJobIT runs the rendered CronJob against a service with authentication on.)
     */
    @Test
    void theJobsUseTheAdminTokenFromTheSecretWithAuthenticationOn() {
        Chart.Rendered rendered = Chart.rendered(Optional.of(PRODUCTION));
        List<Container> clients = Stream.of(
                HelmChartTest.backupContainer(rendered.one(CronJob.class, FULLNAME + "-backup")),
                rendered.all(Job.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0),
                rendered.one(Pod.class, FULLNAME + "-test-admin-api").getSpec().getContainers().get(0)).toList();
        for (Container c : clients) {
            EnvVar token = HelmChartTest.env(c, "BRI_ADMIN_TOKEN");
            assertThat(token.getValue()).as(c.getName()).isNull();
            assertThat(token.getValueFrom().getSecretKeyRef().getName()).as(c.getName())
                    .isEqualTo("bri-context-admin");
            assertThat(token.getValueFrom().getSecretKeyRef().getKey()).as(c.getName()).isEqualTo("token");
        }
        assertThat(rendered.yaml()).as("no keys file line in the manifest")
                .doesNotContainPattern("sha256:[0-9a-f]{64} +(read|write|admin)");
    }

    private static VolumeMount mount(Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + path + " in " + c.getName()));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
