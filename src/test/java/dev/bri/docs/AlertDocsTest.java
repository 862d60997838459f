package dev.bri.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Prometheus alert in deploy/prometheus/rules has a section in the runbook (cause, diagnosis, fix) and in the
 * error patterns (pattern, cause, fix, prevention), and its runbook_url anchor exists. The alert sections of both
 * documents (under "## Alerts") name the same alerts, and once rules exist, only alerts that exist.
 */
class AlertDocsTest {

    static final Path RULES = Docs.ROOT.resolve("deploy/prometheus/rules");
    static final String RUNBOOK = "docs/OPERATIONS_RUNBOOK.md";
    static final List<String> RUNBOOK_PARTS = List.of("**Cause**", "**Diagnosis**", "**Fix**");
    private static final Pattern DOC_LINK = Pattern.compile("(docs/[A-Za-z0-9_.-]+\\.md)#([a-z0-9_-]+)$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Alert(String name, String runbookUrl, String file) {
    }

    @Test
    void everyAlertHasARunbookSectionAnErrorPatternsEntryAndAWorkingRunbookUrl() {
        String runbook = Docs.read(RUNBOOK);
        String patterns = Docs.read(ErrorPatternsDocsTest.FILE);
        List<String> problems = new ArrayList<>();
        for (Alert alert : alerts()) {
            checkSection(runbook, RUNBOOK, alert.name(), RUNBOOK_PARTS, problems);
            checkSection(patterns, ErrorPatternsDocsTest.FILE, alert.name(), ErrorPatternsDocsTest.ENTRY_PARTS,
                    problems);
            if (alert.runbookUrl() == null) {
                problems.add(alert.name() + " (" + alert.file() + "): no runbook_url annotation");
                continue;
            }
            Matcher link = DOC_LINK.matcher(alert.runbookUrl());
            if (!link.find()) {
                problems.add(alert.name() + ": runbook_url " + alert.runbookUrl()
                        + " does not point at docs/<FILE>.md#<anchor>");
                continue;
            }
            Path target = Docs.ROOT.resolve(link.group(1));
            if (!Files.isRegularFile(target)) {
                problems.add(alert.name() + ": runbook_url names " + link.group(1) + ", which does not exist");
                continue;
            }
            boolean anchored = Docs.headings(Docs.read(link.group(1))).stream()
                    .anyMatch(h -> h.anchor().equals(link.group(2)));
            if (!anchored) {
                problems.add(alert.name() + ": no heading with anchor #" + link.group(2) + " in " + link.group(1));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void runbookAndErrorPatternsDocumentTheSameAlertsAndNoAlertThatDoesNotExist() {
        String runbook = Docs.read(RUNBOOK);
        String patterns = Docs.read(ErrorPatternsDocsTest.FILE);
        List<String> inRunbook = alertSections(runbook);
        assertThat(inRunbook).as("alert sections in " + RUNBOOK).isNotEmpty();
        assertThat(alertSections(patterns)).as("alert sections in " + ErrorPatternsDocsTest.FILE)
                .containsExactlyInAnyOrderElementsOf(inRunbook);
        List<String> problems = new ArrayList<>();
        inRunbook.forEach(name -> checkSection(runbook, RUNBOOK, name, RUNBOOK_PARTS, problems));
        inRunbook.forEach(name -> checkSection(patterns, ErrorPatternsDocsTest.FILE, name,
                ErrorPatternsDocsTest.ENTRY_PARTS, problems));
        assertThat(problems).isEmpty();
        List<Alert> alerts = alerts();
        if (!alerts.isEmpty()) {
            // the rules are the source of truth once they exist: a documented alert that Prometheus never fires is stale
            assertThat(inRunbook)
                    .containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::name).distinct().toList());
        }
    }

    @Test
    void alertsAreReadFromPlainRuleFilesAndPrometheusRuleResources() throws IOException {
        // the reader must not pass vacuously whatever shape the rules file takes
        String plain = """
                groups:
                  - name: bri-context
                    rules:
                      - alert: BriContextDown
                        expr: up == 0
                        annotations:
                          runbook_url: https://example.org/docs/OPERATIONS_RUNBOOK.md#bricontextdown
                      - record: job:x:rate5m
                        expr: rate(x[5m])
                """;
        String crd = """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                spec:
                  groups:
                    - name: g
                      rules:
                        - alert: BriContextDegraded
                          expr: vector(1)
                """;
        List<Alert> found = new ArrayList<>();
        collect(YAML.readTree(plain), "plain", found);
        collect(YAML.readTree(crd), "crd", found);
        assertThat(found).extracting(Alert::name).containsExactly("BriContextDown", "BriContextDegraded");
        assertThat(found.get(0).runbookUrl()).endsWith("#bricontextdown");
        assertThat(Docs.slug("BriContextHighErrorRate")).isEqualTo("bricontexthigherrorrate");
    }

    private static void checkSection(String doc, String file, String name, List<String> parts, List<String> problems) {
        String section = Docs.section(doc, name);
        if (section == null || !Docs.hasHeading(doc, 3, name)) {
            problems.add(file + ": no section `### " + name + "`");
            return;
        }
        parts.stream().filter(part -> !section.contains(part))
                .forEach(part -> problems.add(file + " `### " + name + "`: no " + part));
    }

    /** The level-3 headings under "## Alerts". */
    static List<String> alertSections(String markdown) {
        List<String> names = new ArrayList<>();
        boolean inAlerts = false;
        for (Docs.Heading heading : Docs.headings(markdown)) {
            if (heading.level() <= 2) {
                inAlerts = heading.text().equals("Alerts");
            } else if (inAlerts && heading.level() == 3) {
                names.add(heading.text());
            }
        }
        return names;
    }

    /** Alerts of every *.yml / *.yaml under deploy/prometheus/rules; none while that directory does not exist. */
    static List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        if (!Files.isDirectory(RULES)) {
            return alerts;
        }
        try (Stream<Path> files = Files.walk(RULES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted().toList()) {
                for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())
                        .readAll()) {
                    collect(document, Docs.ROOT.relativize(file).toString(), alerts);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return alerts;
    }

    /** Rules are maps with an {@code alert} key, wherever they sit (groups[].rules[] or spec.groups[].rules[]). */
    private static void collect(JsonNode node, String file, List<Alert> out) {
        if (node == null) {
            return;
        }
        if (node.isObject() && node.path("alert").isTextual() && node.has("expr")) {
            JsonNode url = node.path("annotations").path("runbook_url");
            out.add(new Alert(node.get("alert").asText(), url.isTextual() ? url.asText() : null, file));
            return;
        }
        node.elements().forEachRemaining(child -> collect(child, file, out));
    }
}
