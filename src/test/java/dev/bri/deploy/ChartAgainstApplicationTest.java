package dev.bri.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart measured against the running application: the probes must hit the application's real health endpoints
 * on its real HTTP port, and the requests of the Helm test hooks must succeed against a running service.
 */
@QuarkusTest
class ChartAgainstApplicationTest {

    private static final String SERVICE_URL = "http://prod-bri-context:8080";

    private final Chart.Rendered rendered = Chart.rendered(Optional.empty());
    private final Container app = HelmChartTest.container(rendered.one(Deployment.class, "prod-bri-context"));

    @Test
    void containerPortIsTheApplicationsHttpPort() {
        // The port the packaged application listens on in production (the test instance runs on a random port).
        int appPort = prodConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        assertThat(app.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(appPort);
        });
        for (HTTPGetAction probe : probes().values()) {
            assertThat(probe.getPort().getStrVal()).isEqualTo("http");
        }
        // The chart does not override the port: the image listens where the application is configured to.
        assertThat(app.getEnv()).noneMatch(e -> e.getName().equals("QUARKUS_HTTP_PORT"));
    }

    @Test
    void probesHitTheApplicationsHealthEndpoints() {
        Map<String, HTTPGetAction> probes = probes();
        // Each probe path answers UP on the running application, with the checks of its kind.
        Map<String, String> expectedCheck = Map.of("startup", "storage-migrated", "liveness", "process",
                "readiness", "database");
        probes.forEach((kind, probe) -> {
            JsonPath health = given().get(probe.getPath()).then().statusCode(200).extract().jsonPath();
            assertThat(health.getString("status")).as(kind).isEqualTo("UP");
            assertThat(health.getList("checks.name", String.class)).as(kind).contains(expectedCheck.get(kind));
        });
        assertThat(probes.get("startup").getPath()).isNotEqualTo(probes.get("readiness").getPath());
        // A path the application does not serve would be caught: the check above is not vacuous.
        given().get("/q/health/startup").then().statusCode(404);
    }

    @Test
    void startupProbeAllowsForMigrationsOnASlowVolume() {
        var startup = app.getStartupProbe();
        int budgetSeconds = startup.getPeriodSeconds() * startup.getFailureThreshold();
        assertThat(budgetSeconds).isGreaterThanOrEqualTo(300);
        // Liveness only starts once start-up succeeded, so it can be strict without killing a migrating pod.
        assertThat(app.getLivenessProbe().getFailureThreshold() * app.getLivenessProbe().getPeriodSeconds())
                .isLessThan(budgetSeconds);
    }

    /** SIGTERM: in-flight requests get quarkus.shutdown.timeout, inside the grace period Kubernetes waits. */
    @Test
    void inFlightRequestsFinishBeforeKubernetesKillsThePod() {
        java.time.Duration shutdown = io.quarkus.runtime.configuration.DurationConverter.parseDuration(
                prodConfig().getValue("quarkus.shutdown.timeout", String.class));
        long grace = rendered.one(Deployment.class, "prod-bri-context").getSpec().getTemplate().getSpec()
                .getTerminationGracePeriodSeconds();
        assertThat(shutdown).isPositive();
        // a few seconds left for closing the database after the last request
        assertThat(shutdown.plusSeconds(5)).isLessThanOrEqualTo(java.time.Duration.ofSeconds(grace));
    }

    /** The readiness check gives up before the kubelet does, so a slow database reads as DOWN, not as a timeout. */
    @Test
    void readinessCheckAnswersWithinTheProbeTimeout() {
        java.time.Duration check = prodConfig().getOptionalValue("bri.storage.probe-timeout", String.class)
                .map(io.quarkus.runtime.configuration.DurationConverter::parseDuration)
                .orElse(java.time.Duration.ofSeconds(1));
        assertThat(check).isLessThan(java.time.Duration.ofSeconds(app.getReadinessProbe().getTimeoutSeconds()));
    }

    @Test
    void healthTestHookRequestSucceedsAgainstARunningService() throws Exception {
        Container hook = rendered.one(Pod.class, "prod-bri-context-test-health").getSpec().getContainers().get(0);
        Result r = runLocally(hook, Map.of());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"status\": \"UP\"");
    }

    @Test
    void adminTestHookMakesAnAuthenticatedCall() throws Exception {
        Container hook = rendered.one(Pod.class, "prod-bri-context-test-admin-api").getSpec().getContainers().get(0);
        Result ok = runLocally(hook, Map.of("BRI_ADMIN_TOKEN", TestData.ADMIN_TOKEN));
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("\"status\"").contains("\"components\"");
        // With another token the request is refused and the hook fails: it really authenticates.
        Result wrong = runLocally(hook, Map.of("BRI_ADMIN_TOKEN", "not-the-token"));
        assertThat(wrong.exit()).as(wrong.output()).isEqualTo(22);
        assertThat(wrong.output()).contains("401");
    }

    /**
     * Every series the alert rules read from the service exists in the running application's /q/metrics with the
     * labels the rules select on: an alert on a metric that is not exported (or renamed) would never fire.
     */
    @Test
    void theAlertRulesReadSeriesTheApplicationExports() {
        // one refused admin request and one API request, so the HTTP series the rules select on exist
        given().get("/admin/health").then().statusCode(401);
        given().get("/api/v1/videos").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.Set<String> exported = new java.util.TreeSet<>();
        metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> exported.add(l.split("[{ ]")[0]));
        java.util.Set<String> used = new java.util.TreeSet<>();
        Matcher names = Pattern.compile("\\b((?:bri|http_server|ft|process)_[a-z0-9_]+)\\{").matcher("");
        for (var alert : PromtoolRulesTest.alerts()) {
            names.reset(alert.get("expr").asText());
            while (names.find()) {
                used.add(names.group(1));
            }
        }
        // Series that exist only while their feature runs: the WAL archive (bri.backup.archive.enabled) and the
        // offsite copy (bri.backup.s3.bucket), both off in the test profile, and the breaker gauge, registered at
        // a breaker's first call. Their own tests (archive, offsite, resilience) scrape them.
        java.util.Set<String> featureOnly = java.util.Set.of("bri_backup_archive_lag_seconds",
                "bri_backup_archive_enabled", "bri_backup_archive_active", "bri_backup_archive_max_wal_bytes",
                "bri_backup_offsite_lag_seconds", "bri_backup_offsite_failures_total",
                "bri_backup_offsite_pending_objects", "ft_circuitbreaker_state_current");
        java.util.Set<String> missing = new java.util.TreeSet<>(used);
        missing.removeAll(exported);
        missing.removeAll(featureOnly);
        assertThat(used).contains("bri_cache_l2_enabled", "bri_health_state", "http_server_requests_seconds_bucket");
        assertThat(missing).as("series the rules read that the application does not export").isEmpty();
        // the labels the new alerts select on
        assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{")))
                .as("a refused admin request is counted with its templated /admin uri and status 401")
                .anyMatch(l -> l.contains("status=\"401\"") && l.matches(".*uri=\"/admin/[^\"]*\".*"));
        assertThat(metrics).contains("http_server_requests_seconds_bucket{").containsPattern("le=\"0\\.5\"")
                .containsPattern("bri_db_file_bytes\\{[^}]*file=\"wal\"")
                .containsPattern("bri_backups_stored\\{[^}]*kind=\"backup\"")
                .containsPattern("bri_volume_free_bytes\\{[^}]*volume=\"data\"");
    }

    /** The application's own configuration (application.properties on the class path) under the prod profile. */
    private static SmallRyeConfig prodConfig() {
        try {
            return new SmallRyeConfigBuilder().withProfile("prod")
                    .withSources(new PropertiesConfigSource(Thread.currentThread().getContextClassLoader()
                            .getResource("application.properties")))
                    .build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, HTTPGetAction> probes() {
        return Map.of("startup", app.getStartupProbe().getHttpGet(), "liveness", app.getLivenessProbe().getHttpGet(),
                "readiness", app.getReadinessProbe().getHttpGet());
    }

    record Result(int exit, String output) {
    }

    /**
     * Runs a hook container's command and arguments on this machine: the in-cluster Service URL points at the test
     * instance, and {@code $(VAR)} references are expanded from the given env as the kubelet does.
     */
    static Result runLocally(Container c, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(c.getCommand());
        for (String arg : c.getArgs()) {
            command.add(expand(arg, env).replace(SERVICE_URL, "http://localhost:" + RestAssured.port));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private static String expand(String arg, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(arg);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? m.group(0) : value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
