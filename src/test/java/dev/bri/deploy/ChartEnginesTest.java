package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The two shapes of the service (issue 21): SQLite, one writer pod replaced with Recreate on its volumes; PostgreSQL,
 * several pods rolled, spread and protected by a PDB, no volumes, the datasource from a Secret, Redis required. The
 * schema and the templates refuse the mixtures.
 */
class ChartEnginesTest {

    private static final String FULLNAME = "prod-bri-context";
    private static final Path POSTGRESQL = Chart.CI.resolve("postgresql-values.yaml");

    @Test
    void postgresqlRendersAHighlyAvailableDeployment() {
        Chart.Rendered rendered = Chart.rendered(Optional.of(POSTGRESQL));
        Deployment deployment = rendered.one(Deployment.class, FULLNAME);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        assertThat(pod.getTopologySpreadConstraints()).extracting(TopologySpreadConstraint::getTopologyKey)
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(pod.getTopologySpreadConstraints())
                .allSatisfy(t -> assertThat(t.getLabelSelector().getMatchLabels()).isEqualTo(selector));

        // no data or backup volume, no claims; a writable /tmp where the data and backup directories live
        assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("api-keys", "tmp");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("tmp"))
                .allSatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
        Map<String, String> settings = rendered.one(ConfigMap.class, FULLNAME).getData();
        assertThat(settings).containsEntry("BRI_STORAGE_ENGINE", "postgresql")
                .containsEntry("BRI_DATA_DIR", "/tmp/data").containsEntry("BRI_BACKUP_DIR", "/tmp/backups")
                .containsEntry("BRI_CACHE_REDIS_ENABLED", "true")
                .doesNotContainKeys("QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL", "QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD");

        // the datasource, all three from the CloudNativePG application Secret
        Container app = HelmChartTest.container(deployment);
        Map<String, String> keys = Map.of("QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL", "jdbc-uri",
                "QUARKUS_DATASOURCE_POSTGRESQL_USERNAME", "username", "QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD",
                "password");
        keys.forEach((name, key) -> {
            EnvVar env = HelmChartTest.env(app, name);
            assertThat(env.getValue()).as(name).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo("bri-pg-app");
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).as(name).isEqualTo(key);
        });

        // a node drain keeps replicas serving
        PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class, FULLNAME);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);

        // CloudNativePG backs the database up: no backup CronJob, no restore Job
        assertThat(rendered.all(CronJob.class)).isEmpty();
        assertThat(rendered.all(Job.class)).isEmpty();
    }

    @Test
    void sqliteKeepsOneWriterOnItsVolumes() {
        Chart.Rendered rendered = Chart.rendered(Optional.empty());
        Deployment deployment = rendered.one(Deployment.class, FULLNAME);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isNullOrEmpty();
        assertThat(rendered.one(ConfigMap.class, FULLNAME).getData()).containsEntry("BRI_STORAGE_ENGINE", "sqlite")
                .containsEntry("BRI_DATA_DIR", "/data");
        assertThat(HelmChartTest.container(deployment).getEnv()).extracting(EnvVar::getName)
                .noneMatch(n -> n.startsWith("QUARKUS_DATASOURCE"));
        assertThat(rendered.all(PersistentVolumeClaim.class)).hasSize(2);
        assertThat(rendered.all(CronJob.class)).hasSize(1);
    }

    @Test
    void theSchemaRefusesMixedShapes() {
        // more than one SQLite writer
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("replicaCount", 3)))
                .hasMessageContaining("replicaCount");
        // PostgreSQL without Redis, without its Secret, with SQLite's restore or offsite copy
        assertThatThrownBy(() -> Chart.render(Optional.of(POSTGRESQL), c -> c.set("redis.enabled", false)))
                .hasMessageContaining("redis");
        assertThatThrownBy(() -> Chart.render(Optional.of(POSTGRESQL),
                c -> c.set("storage.postgresql.existingSecret", ""))).hasMessageContaining("existingSecret");
        assertThatThrownBy(() -> Chart.render(Optional.of(POSTGRESQL), c -> c.set("backup.restore.enabled", true)
                .set("backup.restore.backupId", "backup-20261128T020000123Z-7f3a1c")))
                .hasMessageContaining("restore");
        assertThatThrownBy(() -> Chart.render(Optional.empty(), c -> c.set("storage.engine", "mysql")))
                .hasMessageContaining("engine");
    }

    @Test
    void notesSayWhoBacksUpPostgresql() {
        Release release = new Helm(Chart.hookVisibleCopy()).install().withName("prod").withNamespace("bri").dryRun()
                .clientOnly().withValuesFile(POSTGRESQL).call();
        assertThat(release.getOutput()).contains("Storage engine: PostgreSQL (3 replica(s)")
                .contains("no backup CronJob and no restore Job").contains("CloudNativePG")
                .doesNotContain("create job --from=cronjob");
    }

    /** deploy/cloudnative-pg/cluster.yaml is the Cluster the PostgreSQL values connect to. */
    @Test
    void theCloudNativePgExampleMatchesTheChartValues() {
        List<JsonNode> docs = new java.util.ArrayList<>();
        try {
            for (String doc : RenderedObjectsSchemaTest.documents(
                    java.nio.file.Files.readString(Path.of("deploy/cloudnative-pg/cluster.yaml")))) {
                docs.add(Chart.YAML.readTree(doc));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JsonNode cluster = docs.stream().filter(d -> d.path("kind").asText().equals("Cluster")).findFirst()
                .orElseThrow();
        assertThat(cluster.path("apiVersion").asText()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(3);
        assertThat(cluster.at("/spec/postgresql/synchronous/method").asText()).isEqualTo("any");
        assertThat(cluster.at("/spec/postgresql/synchronous/number").asInt()).isEqualTo(1);
        assertThat(cluster.at("/spec/plugins/0/name").asText()).isEqualTo("barman-cloud.cloudnative-pg.io");
        // its application Secret is <cluster>-app: the Secret the chart's PostgreSQL values read
        JsonNode values = Chart.readYaml(POSTGRESQL);
        assertThat(cluster.at("/metadata/name").asText() + "-app")
                .isEqualTo(values.at("/storage/postgresql/existingSecret").asText());
        assertThat(docs).anyMatch(d -> d.path("kind").asText().equals("ObjectStore"))
                .anyMatch(d -> d.path("kind").asText().equals("ScheduledBackup"));
    }
}
