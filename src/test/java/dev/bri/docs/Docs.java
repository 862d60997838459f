package dev.bri.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the Markdown documents of the repository: headings, GitHub anchors, sections. */
final class Docs {

    /** Tests run with the project directory as working directory (surefire's default). */
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DOCS = ROOT.resolve("docs");

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

    private Docs() {
    }

    static String read(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md and every docs/*.md, by path relative to the project. */
    static Map<String, String> allMarkdown() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("README.md", read("README.md"));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted()
                    .forEach(p -> files.put(ROOT.relativize(p).toString(), read(ROOT.relativize(p).toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    record Heading(int level, String text, String anchor, int line) {
    }

    /** Headings outside fenced code blocks, with the anchors GitHub gives them (duplicates get -1, -2, ...). */
    static List<Heading> headings(String markdown) {
        List<Heading> headings = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        boolean fenced = false;
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String slug = slug(m.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                headings.add(new Heading(m.group(1).length(), m.group(2), n == 0 ? slug : slug + "-" + n, i));
            }
        }
        return headings;
    }

    static boolean hasHeading(String markdown, int level, String text) {
        return headings(markdown).stream().anyMatch(h -> h.level() == level && h.text().equals(text));
    }

    /** GitHub's heading anchor: lower case, punctuation dropped (except - and _), spaces to dashes. */
    static String slug(String heading) {
        String text = heading.replaceAll("`", "").toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                out.appendCodePoint(c);
            } else if (c == ' ') {
                out.append('-');
            }
        });
        return out.toString();
    }

    /** The text under the heading whose text is exactly {@code title}, up to the next heading of the same or a higher level. */
    static String section(String markdown, String title) {
        List<Heading> headings = headings(markdown);
        String[] lines = markdown.split("\n", -1);
        for (int h = 0; h < headings.size(); h++) {
            Heading heading = headings.get(h);
            if (heading.text().replace("`", "").equals(title)) {
                int end = lines.length;
                for (int next = h + 1; next < headings.size(); next++) {
                    if (headings.get(next).level() <= heading.level()) {
                        end = headings.get(next).line();
                        break;
                    }
                }
                return String.join("\n", java.util.Arrays.asList(lines).subList(heading.line() + 1, end));
            }
        }
        return null;
    }
}
