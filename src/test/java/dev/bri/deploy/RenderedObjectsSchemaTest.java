package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object the chart renders, for every values file in ci/ and the defaults, is a valid object of its API: it
 * parses into the typed fabric8 model of its kind (Kubernetes, and prometheus-operator's monitoring.coreos.com/v1 for
 * the PrometheusRule and ServiceMonitor) with no field the API does not know, at any depth, and no value of the wrong
 * type (scalars are not coerced: "3" is not an integer). A misspelled or misplaced field fails the build instead of
 * being dropped silently by the API server (or refused by it at install time).
 */
class RenderedObjectsSchemaTest {

    /** Jackson as the typed models use it, minus the leniency: no scalar coercion, unknown enum values refused. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .build();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(STRICT, true);

    static Stream<Optional<Path>> everyValuesFile() throws Exception {
        List<Optional<Path>> files = new ArrayList<>();
        files.add(Optional.empty());
        try (Stream<Path> ci = Files.list(Chart.CI)) {
            ci.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> files.add(Optional.of(p)));
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("everyValuesFile")
    void everyRenderedObjectIsValidForItsApi(Optional<Path> valuesFile) {
        String yaml = Chart.render(valuesFile, c -> {
        });
        List<String> problems = new ArrayList<>();
        int objects = 0;
        for (String doc : documents(yaml)) {
            objects++;
            problems.addAll(problems(doc));
        }
        assertThat(objects).isGreaterThan(5);
        assertThat(problems).as(valuesFile.map(Path::toString).orElse("default values")).isEmpty();
    }

    /** The check must be able to fail: a misspelled field, a misplaced one, a wrong type, an unknown kind. */
    @Test
    void aWrongFieldIsFound() {
        assertThat(problems("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 2
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          securityContext: {readOnlyRootFileSystem: true}
                """)).hasSize(2).anyMatch(p -> p.contains("spec.replica"))
                .anyMatch(p -> p.contains("spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem"));
        assertThat(problems("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: x}
                spec:
                  schedule: "@daily"
                  startingDeadlineSeconds: "600"
                  jobTemplate: {spec: {template: {spec: {containers: []}}}}
                """)).singleElement().asString().contains("startingDeadlineSeconds");
        assertThat(problems("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: x}
                spec:
                  groups:
                    - name: g
                      rules:
                        - alert: A
                          expr: up == 0
                          for: 5m
                          severity: critical
                """)).singleElement().asString().contains("spec.groups[0].rules[0].severity");
        assertThat(problems("""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitr
                metadata: {name: x}
                """)).singleElement().asString().contains("no typed model");
        assertThatThrownBy(() -> SERIALIZATION.unmarshal("""
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec: {ports: [{port: "http"}]}
                """, HasMetadata.class)).hasMessageContaining("port");
    }

    static List<String> documents(String yaml) {
        List<String> docs = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (!doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
                docs.add(doc);
            }
        }
        return docs;
    }

    /** What is wrong with one rendered document: empty when it is a valid object of its kind. */
    static List<String> problems(String doc) {
        List<String> problems = new ArrayList<>();
        HasMetadata object;
        try {
            object = SERIALIZATION.unmarshal(doc, HasMetadata.class);
        } catch (RuntimeException e) {
            problems.add("does not parse as its kind: " + e.getMessage() + "\n" + doc);
            return problems;
        }
        String what = object.getKind() + "/" + object.getMetadata().getName();
        if (object instanceof GenericKubernetesResource) {
            problems.add(
                    what + " (" + object.getApiVersion() + "): no typed model for this kind, so it is no known API");
            return problems;
        }
        unknownFields(object, "", problems, new IdentityHashMap<>());
        problems.replaceAll(p -> what + ": " + p);
        return problems;
    }

    /** Walks the typed object: any field the model did not know ends up in an additionalProperties map. */
    private static void unknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "[" + k + "]", problems, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> problems.add("unknown field " + (path.isEmpty() ? "" : path + ".")
                            + k));
                }
                continue;
            }
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (child instanceof JsonNode) {
                continue;
            }
            unknownFields(child, path.isEmpty() ? name : path + "." + name, problems, seen);
        }
    }
}
