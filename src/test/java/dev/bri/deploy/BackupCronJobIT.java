package dev.bri.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.ServiceProcess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backup CronJob exactly as the chart renders it, executed on this machine with the packaged jar standing in for
 * the image (whose entrypoint is the same program): its arguments, its environment (the admin token resolved from the
 * rendered Secret, as the kubelet would) and the in-cluster Service URL pointed at a running service.
 */
class BackupCronJobIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    /** With the data API's authentication on (issue 19): the Job authenticates with the admin token alone. */
    @Test
    void renderedCronJobTakesAVerifiedBackupOfARunningService() throws Exception {
        Chart.Rendered rendered = Chart.rendered(c -> c.set("auth.api.enabled", true)
                .set("auth.api.keysSecret", "bri-context-api-keys"));
        CronJob cron = rendered.one(CronJob.class, Chart.RELEASE + "-bri-context-backup");
        Container job = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(job.getCommand()).as("the image's own entrypoint runs the CLI").isNullOrEmpty();

        Map<String, String> env = resolve(job.getEnv(), rendered);
        String token = env.get("BRI_ADMIN_TOKEN");
        assertThat(token).as("token from the rendered Secret").isNotBlank();
        Service service = rendered.one(Service.class, Chart.RELEASE + "-bri-context");
        String inCluster = "http://" + service.getMetadata().getName() + ":"
                + service.getSpec().getPorts().get(0).getPort();
        assertThat(job.getArgs()).containsSubsequence("backup", "create", "--url", inCluster);

        Path root = Files.createTempDirectory("bri-cronjob");
        // the keys file as the chart mounts it: one read/write key for BRI, none for the backup Job
        Path keys = root.resolve("keys");
        String agentKey = "bri_" + "k".repeat(43);
        Files.writeString(keys, "bri-agent sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(agentKey.getBytes(StandardCharsets.UTF_8))) + " read,write\n");
        Map<String, String> settings = rendered.one(io.fabric8.kubernetes.api.model.ConfigMap.class,
                Chart.RELEASE + "-bri-context").getData();
        assertThat(settings).containsEntry("BRI_AUTH_ENABLED", "true");
        try (ServiceProcess app = new ServiceProcess(root.resolve("data"), Map.of("BRI_ADMIN_TOKEN", token,
                "BRI_AUTH_ENABLED", settings.get("BRI_AUTH_ENABLED"), "BRI_AUTH_KEYS_FILE", keys.toString()))) {
            app.start();
            // authentication is on: the data API refuses a request without a key
            given().baseUri(app.url()).get("/api/v1/videos").then().statusCode(401);
            given().baseUri(app.url()).auth().oauth2(agentKey).get("/api/v1/videos").then().statusCode(200);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    JAR.toAbsolutePath().toString()));
            job.getArgs().forEach(arg -> command.add(arg.replace(inCluster, app.url())));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            // set by the kubelet in every pod; the CLI records the backup's trigger as "job" from it
            builder.environment().put("KUBERNETES_SERVICE_HOST", "10.0.0.1");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();

            JsonPath backups = given().baseUri(app.url()).auth().oauth2(token).get("/admin/backups")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(backups.getList("backups.trigger", String.class)).containsExactly("job");
            assertThat(backups.getList("backups.verification.status", String.class)).containsExactly("passed");

            // The same Job with a wrong token fails loudly instead of pretending.
            builder.environment().put("BRI_ADMIN_TOKEN", "not-the-token");
            Process refused = builder.start();
            String refusedOutput = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(refused.waitFor()).as(refusedOutput).isNotZero();
        }
    }

    /**
     * The restore Job exactly as the chart renders it for a named backup, run against a live service: the data
     * written after that backup is gone, the data before it is back.
     */
    @Test
    void renderedRestoreJobRestoresTheNamedBackupOfARunningService() throws Exception {
        String token = "restore-job-it-token";
        Path root = Files.createTempDirectory("bri-restore-job");
        try (ServiceProcess app = new ServiceProcess(root.resolve("data"), Map.of("BRI_ADMIN_TOKEN", token))) {
            app.start();
            put(app, "/api/v1/videos/before", "{\"filename\":\"before.mp4\",\"duration\":10}");
            String backupId = given().baseUri(app.url()).auth().oauth2(token).contentType("application/json")
                    .body("{\"verify\":true}").post("/admin/backups").then().statusCode(201).extract()
                    .path("backup.id");
            put(app, "/api/v1/videos/after", "{\"filename\":\"after.mp4\",\"duration\":10}");

            Chart.Rendered rendered = Chart.rendered(c -> c.set("auth.adminToken", token)
                    .set("backup.restore.enabled", true).set("backup.restore.backupId", backupId));
            io.fabric8.kubernetes.api.model.batch.v1.Job restoreJob = rendered
                    .all(io.fabric8.kubernetes.api.model.batch.v1.Job.class).get(0);
            Container job = restoreJob.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(job.getCommand()).as("the image's own entrypoint runs the CLI").isNullOrEmpty();
            Service service = rendered.one(Service.class, Chart.RELEASE + "-bri-context");
            String inCluster = "http://" + service.getMetadata().getName() + ":"
                    + service.getSpec().getPorts().get(0).getPort();
            assertThat(job.getArgs()).containsSubsequence("backup", "restore", backupId, "--url", inCluster);

            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    JAR.toAbsolutePath().toString()));
            job.getArgs().forEach(arg -> command.add(arg.replace(inCluster, app.url())));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().remove("BRI_ADMIN_TOKEN");
            builder.environment().putAll(resolve(job.getEnv(), rendered));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();

            given().baseUri(app.url()).get("/api/v1/videos/before").then().statusCode(200);
            given().baseUri(app.url()).get("/api/v1/videos/after").then().statusCode(404);
        }
    }

    private static void put(ServiceProcess app, String path, String json) {
        given().baseUri(app.url()).contentType("application/json").body(json).put(path).then().statusCode(201);
    }

    /** Environment as the kubelet builds it: literal values, and secretKeyRef values from the rendered Secret. */
    private static Map<String, String> resolve(List<EnvVar> vars, Chart.Rendered rendered) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : vars) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                Secret secret = rendered.one(Secret.class, ref.getName());
                env.put(var.getName(), new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                        StandardCharsets.UTF_8));
            } else {
                throw new AssertionError("env " + var.getName() + " comes from a source this test cannot resolve");
            }
        }
        return env;
    }
}
