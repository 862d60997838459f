package dev.bri.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Relative links between the documents point at files that exist and at headings that exist. */
class DocLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void relativeLinksAndAnchorsResolve() {
        List<String> broken = new ArrayList<>();
        int[] checked = {0};
        Docs.allMarkdown().forEach((file, text) -> {
            Path dir = Docs.ROOT.resolve(file).getParent();
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto: ...
                }
                checked[0]++;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = path.isEmpty() ? Docs.ROOT.resolve(file) : dir.resolve(path).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(file + ": " + target + " (no file " + Docs.ROOT.relativize(resolved) + ")");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && Docs.headings(Docs.read(Docs.ROOT.relativize(resolved).toString())).stream()
                                .noneMatch(h -> h.anchor().equals(anchor))) {
                    broken.add(file + ": " + target + " (no heading #" + anchor + ")");
                }
            }
        });
        assertThat(checked[0]).isPositive();
        assertThat(broken).isEmpty();
    }
}
