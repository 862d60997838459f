package dev.bri.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Renders helm/bri-context with the real Helm engine (helm-java) and parses the result into typed fabric8 objects. */
final class Chart {

    static final Path DIR = Path.of("helm/bri-context");
    static final Path CI = DIR.resolve("ci");
    static final String RELEASE = "prod";
    static final String NAMESPACE = "bri";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Chart() {
    }

    /** The values files every structural test runs against: chart defaults, production-like, minimal. */
    static List<Optional<Path>> valuesFiles() {
        return List.of(Optional.empty(), Optional.of(CI.resolve("production-values.yaml")),
                Optional.of(CI.resolve("minimal-values.yaml")));
    }

    /**
     * Annotation that stands for {@code helm.sh/hook} in rendered output. helm-java's template returns the release
     * manifest without hooks (unlike the helm CLI), so the chart is rendered from a copy in which the hook annotation
     * keys are renamed: the hook objects (test Pods, the generated Secret) then come out as ordinary documents.
     */
    static final String HOOK = "rendered.bri.dev/hook";
    private static Path hookVisibleCopy;

    static synchronized Path hookVisibleCopy() {
        if (hookVisibleCopy == null) {
            try {
                Path copy = Files.createTempDirectory("bri-chart").resolve("bri-context");
                int renamed = 0;
                try (var paths = Files.walk(DIR)) {
                    for (Path p : paths.toList()) {
                        Path target = copy.resolve(DIR.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            String text = Files.readString(p);
                            String rewritten = p.toString().contains("templates")
                                    ? withoutLookup(text.replace("\"helm.sh/hook", "\"" + HOOK))
                                    : text;
                            if (p.equals(DIR.resolve("Chart.yaml"))) {
                                rewritten = withoutKubeVersion(text);
                            }
                            renamed += rewritten.equals(text) ? 0 : 1;
                            if (p.endsWith("_helpers.tpl") && !rewritten.contains("$live := dict")) {
                                throw new IllegalStateException(
                                        "_helpers.tpl no longer looks the admin token Secret up as expected");
                            }
                            Files.writeString(target, rewritten);
                        }
                    }
                }
                if (renamed == 0) {
                    throw new IllegalStateException("no helm.sh/hook annotation found in the chart's templates");
                }
                hookVisibleCopy = copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hookVisibleCopy;
    }

    /**
     * helm-java renders for Kubernetes v1.20.0 and cannot be told another version, so the rendered copy drops the
     * chart's {@code kubeVersion} constraint (which 1.20 fails); ChartVersionTest checks the constraint itself.
     */
    static String withoutKubeVersion(String chartYaml) {
        String stripped = chartYaml.replaceAll("(?m)^kubeVersion:.*\n", "");
        if (stripped.equals(chartYaml)) {
            throw new IllegalStateException("Chart.yaml has no kubeVersion");
        }
        return stripped;
    }

    /**
     * helm-java's template asks a cluster (localhost:8080 without a kubeconfig) for every {@code lookup}, where the
     * helm CLI's template gets an empty answer. The copy gets that empty answer without any connection; the lookup
     * itself is tested against a stand-in API server (GeneratedTokenTest).
     */
    static String withoutLookup(String template) {
        return template.replaceAll("lookup \"v1\" \"Secret\" \\.Release\\.Namespace \\$name", "dict");
    }

    /** Like {@code helm template}: the manifest and the hooks. */
    static String render(Optional<Path> valuesFile, Consumer<TemplateCommand> options) {
        TemplateCommand command = new Helm(hookVisibleCopy()).template().withName(RELEASE).withNamespace(NAMESPACE);
        valuesFile.ifPresent(command::withValuesFile);
        options.accept(command);
        return command.call();
    }

    static Rendered rendered(Optional<Path> valuesFile) {
        return parse(render(valuesFile, c -> {
        }));
    }

    static Rendered rendered(Optional<Path> valuesFile, Consumer<TemplateCommand> options) {
        return parse(render(valuesFile, options));
    }

    static Rendered rendered(Consumer<TemplateCommand> options) {
        return parse(render(Optional.empty(), options));
    }

    static Rendered parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(doc, HasMetadata.class));
        }
        return new Rendered(yaml, objects);
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Rendered(String yaml, List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name
                            + " in " + names()));
        }

        HasMetadata kind(String kind, String name) {
            return objects.stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
        }

        List<String> names() {
            return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        }

        /** Every pod spec the chart can start: Deployment, CronJob, Jobs and the test-hook Pods. */
        Map<String, PodSpec> podSpecs() {
            Map<String, PodSpec> specs = new LinkedHashMap<>();
            for (HasMetadata o : objects) {
                String key = o.getKind() + "/" + o.getMetadata().getName();
                if (o instanceof Deployment d) {
                    specs.put(key, d.getSpec().getTemplate().getSpec());
                } else if (o instanceof CronJob c) {
                    specs.put(key, c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
                } else if (o instanceof Job j) {
                    specs.put(key, j.getSpec().getTemplate().getSpec());
                } else if (o instanceof Pod p) {
                    specs.put(key, p.getSpec());
                }
            }
            return specs;
        }
    }
}
