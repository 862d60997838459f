package dev.bri.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.api.ProblemType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/ERROR_PATTERNS_SOLUTIONS.md has one entry per problem type the API returns, and none for types it does not. */
class ErrorPatternsDocsTest {

    static final String FILE = "docs/ERROR_PATTERNS_SOLUTIONS.md";
    static final List<String> ENTRY_PARTS = List.of("**Pattern**", "**Cause**", "**Fix**", "**Prevention**");

    @Test
    void everyProblemTypeHasAnEntryWithItsStatusTitleAndRemedy() {
        String doc = Docs.read(FILE);
        List<String> problems = new ArrayList<>();
        for (ProblemType type : ProblemType.values()) {
            String section = Docs.section(doc, type.uri());
            if (section == null || !Docs.hasHeading(doc, 3, type.uri())) {
                problems.add("no section `### " + type.uri() + "`");
                continue;
            }
            if (!section.contains(String.valueOf(type.status()))) {
                problems.add(type.uri() + ": status " + type.status() + " not stated");
            }
            if (!section.contains(type.title())) {
                problems.add(type.uri() + ": title '" + type.title() + "' not stated");
            }
            ENTRY_PARTS.stream().filter(part -> !section.contains(part))
                    .forEach(part -> problems.add(type.uri() + ": no " + part));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void noEntryForAProblemTypeTheApiDoesNotReturn() {
        Set<String> known = Arrays.stream(ProblemType.values()).map(ProblemType::uri).collect(Collectors.toSet());
        List<String> documented = Docs.headings(Docs.read(FILE)).stream().map(h -> h.text().replace("`", ""))
                .filter(t -> t.startsWith("urn:bri:problem:")).toList();
        assertThat(documented).isNotEmpty();
        assertThat(documented).allSatisfy(uri -> assertThat(known).contains(uri));
    }
}
