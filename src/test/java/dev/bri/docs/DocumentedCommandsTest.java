package dev.bri.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.api.AdminPaths;
import dev.bri.cli.BriCli;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every HTTP path under /api/v1, /admin, /ops and /q named in README.md and docs/*.md is an endpoint the service has
 * (JAX-RS resources found by reflection, static resources, Quarkus' own /q endpoints), every {@code curl} in a code
 * block uses a method that endpoint accepts, and every CLI example parses with the real command line.
 */
class DocumentedCommandsTest {

    /** Quarkus' own endpoints that the application enables (health, metrics, OpenAPI, Swagger UI). */
    private static final Map<String, Set<String>> QUARKUS_ENDPOINTS = Map.of(
            "/q/health", Set.of("GET"), "/q/health/live", Set.of("GET"), "/q/health/ready", Set.of("GET"),
            "/q/health/started", Set.of("GET"), "/q/health/well", Set.of("GET"), "/q/metrics", Set.of("GET"),
            "/q/openapi", Set.of("GET"),
            "/q/swagger-ui", Set.of("GET"));

    private static final Pattern HOST = Pattern.compile(
            "https?://[^/\\s'\"]+|(?<![\\w/])[\\w.-]+:\\d+(?=/)|(?<=^|[\\s'\"=(])\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?(?=/)");
    private static final Pattern SERVICE_PATH = Pattern.compile(
            "(?<![\\w.~/-])/(?:api/v1|admin|ops|q)(?=[/\\s'\"`)?#.,:;]|$)[^\\s'\"`)\\\\,;|\\]]*");
    private static final Pattern CLI = Pattern
            .compile("(?:quarkus-run\\.jar|^\\s*(?:\\./)?bri-context(?:-runner)?)\\s+(.*)$");

    /** {@code <backup-id>}: a placeholder the reader replaces, not a shell redirection. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z][\\w-]*>");

    record Endpoint(Pattern path, String template, Set<String> methods) {
    }

    /** A reference to a whole guarded area; any method. */
    private static final Endpoint AREA = new Endpoint(Pattern.compile(".*"), "/admin|/ops",
            Set.of("GET", "POST", "PUT", "DELETE", "HEAD"));

    record Reference(String file, String path, String method, String line) {
    }

    @Test
    void endpointsAreFoundByReflection() {
        // guards the reflection: the other tests would pass vacuously if it found nothing
        List<Endpoint> endpoints = endpoints();
        assertThat(match(endpoints, "/api/v1/videos/demo/context/at")).isNotNull();
        assertThat(match(endpoints, "/api/v1/videos/demo/context").methods()).contains("GET", "POST");
        assertThat(match(endpoints, "/api/v1/nothing")).isNull();
    }

    @Test
    void everyDocumentedPathExistsAndEveryCurlUsesAnAcceptedMethod() {
        List<Endpoint> endpoints = endpoints();
        List<Reference> references = references();
        assertThat(references).as("paths found in the docs").hasSizeGreaterThan(10);
        List<String> problems = new ArrayList<>();
        for (Reference ref : references) {
            Endpoint endpoint = match(endpoints, ref.path());
            if (endpoint == null) {
                problems.add(ref.file() + ": no endpoint " + ref.path() + "  <- " + ref.line().strip());
            } else if (ref.method() != null && !endpoint.methods().contains(ref.method())) {
                problems.add(ref.file() + ": " + endpoint.template() + " does not accept " + ref.method()
                        + " (only " + endpoint.methods() + ")  <- " + ref.line().strip());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyCliExampleParses() {
        List<String> problems = new ArrayList<>();
        Docs.allMarkdown().forEach((file, text) -> {
            for (String command : codeLines(text)) {
                Matcher cli = CLI.matcher(command);
                if (!cli.find()) {
                    continue;
                }
                List<String> args = shellWords(cli.group(1));
                try {
                    new CommandLine(new BriCli()).parseArgs(args.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    problems.add(file + ": " + e.getMessage() + "  <- " + command.strip());
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    static Endpoint match(List<Endpoint> endpoints, String path) {
        boolean wildcard = path.endsWith("*");
        String normalized = path.replaceAll("\\.?\\*$", "");
        normalized = normalized.length() > 1 && normalized.endsWith("/")
                ? normalized.substring(0, normalized.length() - 1)
                : normalized;
        if (normalized.equals("/admin") || normalized.equals("/ops")) {
            // "/admin", "/admin/...", "/ops/*" name the area the admin scope guards, not one endpoint
            return AdminPaths.isAdminPath(normalized) ? AREA : null;
        }
        String prefix = normalized;
        for (Endpoint endpoint : endpoints) {
            if (wildcard ? endpoint.template().startsWith(prefix) : endpoint.path().matcher(normalized).matches()) {
                return endpoint;
            }
        }
        return null;
    }

    /** JAX-RS resources of the application, static resources under META-INF/resources, and Quarkus' /q endpoints. */
    static List<Endpoint> endpoints() {
        Map<String, Set<String>> methodsByPath = new TreeMap<>(QUARKUS_ENDPOINTS);
        for (Class<?> type : ProductionClasses.all()) {
            Path base = type.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = join(base.value(), sub == null ? "" : sub.value());
                methodsByPath.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(http);
            }
        }
        java.nio.file.Path statics = Docs.ROOT.resolve("src/main/resources/META-INF/resources");
        if (Files.isDirectory(statics)) {
            try (Stream<java.nio.file.Path> files = Files.walk(statics)) {
                files.filter(Files::isRegularFile).forEach(f -> {
                    String path = "/" + statics.relativize(f).toString().replace('\\', '/');
                    methodsByPath.computeIfAbsent(path, p -> new LinkedHashSet<>()).add("GET");
                    if (path.endsWith("/index.html")) {
                        String dir = path.substring(0, path.length() - "/index.html".length());
                        methodsByPath.computeIfAbsent(dir, p -> new LinkedHashSet<>()).add("GET");
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        methodsByPath.forEach((template, methods) -> {
            String regex = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            endpoints.add(new Endpoint(Pattern.compile(regex), template, Set.copyOf(methods)));
        });
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Paths named anywhere in the docs; a curl command in a code block also gives the method it uses. */
    static List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        Docs.allMarkdown().forEach((file, text) -> {
            Set<String> curlLines = new LinkedHashSet<>();
            for (String command : codeLines(text)) {
                if (!command.matches("(?s).*\\bcurl\\s.*")) {
                    continue;
                }
                curlLines.add(command);
                for (String path : paths(command)) {
                    references.add(new Reference(file, path, curlMethod(command), command));
                }
            }
            for (String line : text.split("\n")) {
                for (String path : paths(line)) {
                    references.add(new Reference(file, path, null, line));
                }
            }
        });
        return references;
    }

    static List<String> paths(String line) {
        List<String> paths = new ArrayList<>();
        Matcher m = SERVICE_PATH.matcher(HOST.matcher(line).replaceAll(""));
        while (m.find()) {
            String path = m.group().replaceAll("[?#].*$", "").replaceAll("[.:]+$", "");
            paths.add(path);
        }
        return paths;
    }

    private static String curlMethod(String command) {
        Matcher explicit = Pattern.compile("(?:-X|--request)\\s*'?\"?([A-Za-z]+)").matcher(command);
        if (explicit.find()) {
            return explicit.group(1).toUpperCase(Locale.ROOT);
        }
        if (command.matches("(?s).*\\s(-I|--head)(\\s.*|$)")) {
            return "HEAD";
        }
        if (command.matches("(?s).*\\s(-d|--data|--data-binary|--data-raw|--json|-F|--form)[\\s=].*")) {
            return "POST";
        }
        return "GET";
    }

    /** Lines of fenced code blocks, with backslash continuations joined into one command. */
    static List<String> codeLines(String markdown) {
        List<String> commands = new ArrayList<>();
        boolean fenced = false;
        StringBuilder current = new StringBuilder();
        for (String line : markdown.split("\n")) {
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            commands.add(current.toString());
            current.setLength(0);
        }
        return commands;
    }

    /** Splits like a POSIX shell (quotes, no expansion) and stops at the first pipe, redirection or separator. */
    static List<String> shellWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '<' && PLACEHOLDER.matcher(text).region(i, text.length()).lookingAt()) {
                Matcher placeholder = PLACEHOLDER.matcher(text).region(i, text.length());
                placeholder.lookingAt();
                word.append(placeholder.group());
                inWord = true;
                i = placeholder.end() - 1;
            } else if (c == '|' || c == ';' || c == '&' || c == '>' || c == '<' || c == '#' && !inWord) {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        // a trailing redirection such as 2>&1 leaves its file descriptor number behind
        if (!words.isEmpty() && words.get(words.size() - 1).matches("\\d") && text.matches("(?s).*\\d>.*")) {
            words.remove(words.size() - 1);
        }
        return words;
    }
}
