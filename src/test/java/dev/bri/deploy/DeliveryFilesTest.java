package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The delivery files no test run can execute here (no Docker engine, no GitHub runner): the workflows, the Dockerfiles,
 * the compose stack and the smoke test. What can be checked statically is checked: pinned actions, matching glibc
 * bases, images tested before they are pushed, /tmp mounted exec wherever Docker provides it.
 */
class DeliveryFilesTest {

    private static final Path WORKFLOWS = Path.of(".github/workflows");
    private static final Pattern USES = Pattern.compile("uses:\\s*(\\S+)(.*)");
    private static final Pattern PINNED = Pattern.compile("[\\w.-]+/[\\w.-]+@[0-9a-f]{40}");

    @Test
    void everyActionIsPinnedByCommitShaAndNamesItsRelease() throws IOException {
        List<String> uses = new ArrayList<>();
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    Matcher m = USES.matcher(line.trim().replaceFirst("^- ", ""));
                    if (m.matches()) {
                        uses.add(file.getFileName() + ": " + m.group(1) + m.group(2));
                        assertThat(m.group(1)).as(file + ": " + line).matches(PINNED);
                        assertThat(m.group(2)).as(file + ": " + line).matches("\\s+# v\\d+\\.\\d+\\.\\d+");
                    }
                }
            }
        }
        assertThat(uses).as("the workflows use actions at all").hasSizeGreaterThan(5);
    }

    @Test
    void ciRunsTheSameCommandAsTheProjectsCiEntryPoint() throws IOException {
        JsonNode ci = Chart.readYaml(WORKFLOWS.resolve("ci.yml"));
        List<String> runs = runCommands(ci.at("/jobs/build/steps"));
        assertThat(runs).contains("bash .ci/run");
        assertThat(runs).noneMatch(r -> r.contains("mvnw"));
        assertThat(Files.readString(Path.of(".ci/run"))).contains("./mvnw -B verify");
    }

    @Test
    void nativeImageRunsOnTheGlibcOfItsBuilder() throws IOException {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.native-micro"));
        assertThat(dockerfile).containsPattern("(?m)^FROM quay\\.io/quarkus/ubi9-quarkus-micro-image:");
        for (String workflow : List.of("native.yml", "release.yml")) {
            String text = Files.readString(WORKFLOWS.resolve(workflow));
            assertThat(text).as(workflow).contains("ubi9-quarkus-mandrel-builder-image").doesNotContain("ubi8");
        }
    }

    /**
     * The application is built for Java 17 (and must keep running there), but the JVM image runs 21 or newer: the age
     * encryption of offsite copies needs the ChaCha20 and Poly1305 intrinsics that 17 lacks to keep up with a plain
     * upload (BENCHMARKS.md, "Offsite copies").
     */
    @Test
    void theJvmImageRunsJava21OrNewerWhileTheBuildTargets17() throws IOException {
        Matcher from = Pattern.compile("(?m)^FROM registry\\.access\\.redhat\\.com/ubi9/openjdk-(\\d+)-runtime:")
                .matcher(Files.readString(Path.of("src/main/docker/Dockerfile.jvm")));
        assertThat(from.find()).isTrue();
        assertThat(Integer.parseInt(from.group(1))).isGreaterThanOrEqualTo(21);
        assertThat(Files.readString(Path.of("pom.xml")))
                .contains("<maven.compiler.release>17</maven.compiler.release>");

        // CI runs the whole suite on the image's Java too, not only on the 17 the build targets
        JsonNode imageJdk = Chart.readYaml(WORKFLOWS.resolve("ci.yml")).at("/jobs/image-jdk/steps");
        List<JsonNode> steps = new ArrayList<>();
        imageJdk.forEach(steps::add);
        assertThat(steps).anySatisfy(step -> {
            assertThat(step.path("uses").asText()).startsWith("actions/setup-java@");
            assertThat(step.at("/with/java-version").asText()).isEqualTo(from.group(1));
        });
        assertThat(runCommands(imageJdk)).contains("bash .ci/run");
    }

    /** Each image is built into the local engine (load), smoke-tested, and only then pushed. */
    @Test
    void imagesAreSmokeTestedBeforeTheyArePushed() {
        for (String workflow : List.of("native.yml", "release.yml")) {
            JsonNode jobs = Chart.readYaml(WORKFLOWS.resolve(workflow)).get("jobs");
            int imageJobs = 0;
            for (JsonNode job : jobs) {
                List<JsonNode> steps = new ArrayList<>();
                job.path("steps").forEach(steps::add);
                int build = indexOf(steps, s -> s.path("uses").asText().startsWith("docker/build-push-action@"));
                if (build < 0) {
                    continue;
                }
                imageJobs++;
                JsonNode with = steps.get(build).get("with");
                assertThat(with.get("load").asBoolean()).as(workflow).isTrue();
                assertThat(with.get("push").asBoolean()).as(workflow).isFalse();
                int smoke = indexOf(steps, s -> s.path("run").asText().contains("deploy/e2e/image-smoke-test.sh"));
                int push = indexOf(steps, s -> s.path("run").asText().contains("docker push"));
                assertThat(smoke).as(workflow + ": smoke test after the build").isGreaterThan(build);
                assertThat(push).as(workflow + ": push after the smoke test").isGreaterThan(smoke);
            }
            assertThat(imageJobs).as(workflow).isPositive();
        }
    }

    @Test
    void releasePublishesTheTagsTheChartUsesAndTheChartItself() throws IOException {
        String release = Files.readString(WORKFLOWS.resolve("release.yml"));
        JsonNode on = Chart.readYaml(WORKFLOWS.resolve("release.yml")).get("on");
        assertThat(on.at("/push/tags/0").asText()).isEqualTo("v*");
        // The chart's default image is <repository>:<appVersion> and appVersion is the Maven version.
        assertThat(release).contains("file: src/main/docker/Dockerfile.jvm")
                .contains("tags: ${{ needs.version.outputs.image }}:${{ needs.version.outputs.version }}\n")
                .contains("file: src/main/docker/Dockerfile.native-micro")
                .contains("helm package helm/bri-context --app-version \"${{ needs.version.outputs.version }}\"")
                .contains("helm push target/chart/bri-context-*.tgz \"oci://");
        assertThat(Chart.readYaml(Chart.DIR.resolve("values.yaml")).at("/image/tag").asText())
                .as("empty tag: the chart's appVersion").isEmpty();
    }

    /** sqlite-jdbc extracts its JNI library to /tmp and loads it: a noexec tmpfs (Docker's default) breaks start-up. */
    @Test
    void dockerTmpfsMountsOfTmpAreExec() throws IOException {
        JsonNode compose = Chart.readYaml(Path.of("deploy/compose.yaml")).at("/services/bri-context/tmpfs");
        List<String> tmpfs = new ArrayList<>();
        compose.forEach(t -> tmpfs.add(t.asText()));
        assertThat(tmpfs).anySatisfy(t -> assertThat(t).startsWith("/tmp:").contains("exec").doesNotContain("noexec"));
        List<Path> files = new ArrayList<>(List.of(Path.of("deploy/e2e/image-smoke-test.sh"),
                Path.of("src/main/docker/Dockerfile.jvm"), Path.of("src/main/docker/Dockerfile.native-micro")));
        try (Stream<Path> workflows = Files.list(WORKFLOWS)) {
            files.addAll(workflows.toList());
        }
        for (Path file : files) {
            Matcher m = Pattern.compile("--tmpfs[ =](\\S+)").matcher(Files.readString(file));
            while (m.find()) {
                assertThat(m.group(1)).as(file.toString()).startsWith("/tmp:exec");
            }
        }
    }

    @Test
    void dockerBuildContextHoldsOnlyTheBuildOutput() throws IOException {
        List<String> rules = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(rules).first().isEqualTo("*");
        assertThat(rules).allMatch(r -> r.equals("*") || r.startsWith("!target/"));
    }

    private static List<String> runCommands(JsonNode steps) {
        List<String> runs = new ArrayList<>();
        steps.forEach(s -> {
            if (s.has("run")) {
                runs.add(s.get("run").asText().trim());
            }
        });
        return runs;
    }

    private static int indexOf(List<JsonNode> steps, java.util.function.Predicate<JsonNode> match) {
        for (int i = 0; i < steps.size(); i++) {
            if (match.test(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
