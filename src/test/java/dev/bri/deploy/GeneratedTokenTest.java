package dev.bri.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generated admin token survives upgrades: the chart's {@code lookup} finds the Secret of the previous install
 * and renders the same token again. helm-java's template cannot reach a cluster, so the real chart (lookup
 * included) is rendered by a server-side dry run against a stand-in Kubernetes API server on a free port: it answers
 * discovery and version requests, reports every object as absent, and serves the release's Secret when the test has
 * "installed" it. The Secret lookup must be the request that carries the token over.
 */
class GeneratedTokenTest {

    private static final String SECRET = "prod-bri-context-generated";
    private HttpServer server;
    private final Map<String, String> objects = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopApiServer() {
        server.stop(0);
    }

    @Test
    void anExistingTokenIsReusedAndANewOneGeneratedOtherwise() {
        // first install: no Secret in the namespace, a random 48-character token
        String first = renderedToken();
        assertThat(first).hasSize(48).matches("[A-Za-z0-9]+");
        assertThat(requests).as("the chart looked the Secret up")
                .contains("GET /api/v1/namespaces/bri/secrets/" + SECRET);
        assertThat(renderedToken()).as("without the Secret every render generates anew").isNotEqualTo(first);

        // the Secret exists (installed before, or kept by helm.sh/resource-policy after an uninstall)
        objects.put("/api/v1/namespaces/bri/secrets/" + SECRET, secret("\"admin-token\": \""
                + Base64.getEncoder().encodeToString("kept-token-from-the-first-install".getBytes(UTF_8)) + "\"",
                true));
        assertThat(renderedToken()).isEqualTo("kept-token-from-the-first-install");
        assertThat(renderedToken()).as("stable across every later upgrade").isEqualTo(
                "kept-token-from-the-first-install");

        // the release's Secret without the key: a new token rather than an empty one
        objects.put("/api/v1/namespaces/bri/secrets/" + SECRET, secret("\"other\": \"eA==\"", true));
        assertThat(renderedToken()).hasSize(48).isNotEqualTo("kept-token-from-the-first-install");

        // a Secret of that name that is not this release's: Helm refuses to take it over, nothing is overwritten
        objects.put("/api/v1/namespaces/bri/secrets/" + SECRET, secret("\"admin-token\": \"eA==\"", false));
        assertThatThrownBy(this::renderedToken).hasMessageContaining("cannot be imported into the current release");
    }

    private static String secret(String data, boolean ownedByTheRelease) {
        String owner = ownedByTheRelease ? """
                , "labels": {"app.kubernetes.io/managed-by": "Helm"},
                  "annotations": {"meta.helm.sh/release-name": "prod", "meta.helm.sh/release-namespace": "bri",
                                  "helm.sh/resource-policy": "keep"}""" : "";
        return """
                {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                 "metadata": {"name": "%s", "namespace": "bri"%s},
                 "data": {%s}}
                """.formatted(SECRET, owner, data);
    }

    /**
     * The admin token the chart's Secret gets on a server-side dry-run install. helm-java returns no manifest for an
     * install, only the NOTES, so the chart is copied with one line appended to NOTES.txt that prints the same
     * helper the Secret uses ({@code bri-context.adminToken}, lookup included).
     */
    private String renderedToken() {
        Release release = new Helm(notesPrintingCopy()).install().withName(Chart.RELEASE)
                .withNamespace(Chart.NAMESPACE).withDryRunOption(DryRun.SERVER).disableOpenApiValidation()
                .withKubeConfigContents(kubeConfig()).call();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("(?m)^RENDERED-ADMIN-TOKEN=(.*)$")
                .matcher(release.getOutput());
        assertThat(token.find()).as(release.getOutput()).isTrue();
        return token.group(1);
    }

    private static Path copy;

    private static synchronized Path notesPrintingCopy() {
        if (copy == null) {
            try {
                copy = Files.createTempDirectory("bri-chart-token").resolve("bri-context");
                try (var paths = Files.walk(Chart.DIR)) {
                    for (Path p : paths.toList()) {
                        Path target = copy.resolve(Chart.DIR.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(p, target);
                        }
                    }
                }
                Path notes = copy.resolve("templates/NOTES.txt");
                Files.writeString(notes, Files.readString(notes)
                        + "\nRENDERED-ADMIN-TOKEN={{ include \"bri-context.adminToken\" . }}\n");
                // the Secret renders its token with the same helper
                assertThat(Files.readString(copy.resolve("templates/secret.yaml")))
                        .contains("include \"bri-context.adminToken\" .");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return copy;
    }

    private String kubeConfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: stand-in, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: tester, user: {token: not-checked}}]
                contexts: [{name: stand-in, context: {cluster: stand-in, user: tester, namespace: bri}}]
                current-context: stand-in
                """.formatted(server.getAddress().getPort());
    }

    /** Just enough of the Kubernetes API for Helm: version, discovery, GETs of single objects, empty lists. */
    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        String body;
        int status = 200;
        if (path.equals("/version")) {
            body = """
                    {"major": "1", "minor": "30", "gitVersion": "v1.30.0", "platform": "linux/amd64"}""";
        } else if (path.equals("/api")) {
            body = """
                    {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}""";
        } else if (path.equals("/apis")) {
            body = groupList();
        } else if (RESOURCES.containsKey(path)) {
            body = resourceList(path, RESOURCES.get(path));
        } else if (objects.containsKey(path)) {
            body = objects.get(path);
        } else if (exchange.getRequestMethod().equals("GET") && LIST.matcher(path).matches()) {
            body = """
                    {"kind": "List", "apiVersion": "v1", "metadata": {}, "items": []}""";
        } else {
            status = 404;
            body = """
                    {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404}""";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static final java.util.regex.Pattern LIST = java.util.regex.Pattern
            .compile("/api/v1/namespaces/[^/]+/secrets");

    /** group/version path -> resource name:kind:namespaced */
    private static final Map<String, List<String>> RESOURCES = Map.of(
            "/api/v1", List.of("secrets:Secret", "configmaps:ConfigMap", "services:Service",
                    "serviceaccounts:ServiceAccount", "persistentvolumeclaims:PersistentVolumeClaim", "pods:Pod"),
            "/apis/apps/v1", List.of("deployments:Deployment"),
            "/apis/batch/v1", List.of("cronjobs:CronJob", "jobs:Job"),
            "/apis/networking.k8s.io/v1", List.of("networkpolicies:NetworkPolicy"),
            "/apis/policy/v1", List.of("poddisruptionbudgets:PodDisruptionBudget"),
            "/apis/monitoring.coreos.com/v1", List.of("servicemonitors:ServiceMonitor",
                    "prometheusrules:PrometheusRule"));

    private static String groupList() {
        StringBuilder groups = new StringBuilder();
        RESOURCES.keySet().stream().filter(p -> p.startsWith("/apis/")).sorted().forEach(p -> {
            String gv = p.substring("/apis/".length());
            String group = gv.substring(0, gv.indexOf('/'));
            if (!groups.isEmpty()) {
                groups.append(',');
            }
            groups.append("""
                    {"name": "%s", "versions": [{"groupVersion": "%s", "version": "v1"}],
                     "preferredVersion": {"groupVersion": "%s", "version": "v1"}}""".formatted(group, gv, gv));
        });
        return "{\"kind\": \"APIGroupList\", \"apiVersion\": \"v1\", \"groups\": [" + groups + "]}";
    }

    private static String resourceList(String path, List<String> resources) {
        String gv = path.equals("/api/v1") ? "v1" : path.substring("/apis/".length());
        StringBuilder list = new StringBuilder();
        for (String r : resources) {
            String[] parts = r.split(":");
            if (!list.isEmpty()) {
                list.append(',');
            }
            list.append("""
                    {"name": "%s", "singularName": "", "namespaced": true, "kind": "%s",
                     "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]}"""
                    .formatted(parts[0], parts[1]));
        }
        return "{\"kind\": \"APIResourceList\", \"groupVersion\": \"" + gv + "\", \"resources\": [" + list + "]}";
    }
}
