package dev.bri.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bytes an item is served as: field names, order and nulls, the document and lineage parameters passed through
 * as stored. Clients and cached responses depend on them, so they are pinned here exactly.
 */
class ContextItemJsonTest {

    /** As configured in application.properties (quarkus.jackson.property-naming-strategy). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Test
    void anItemIsWrittenWithItsDocumentAndLineageAsStored() throws Exception {
        ContextItem item = new ContextItem("c1", "caption", 1.5, 3.0,
                new RawJson("{\"text\":\"a dog läuft\",\"n\":[1,2.5]}".getBytes(StandardCharsets.UTF_8)),
                new ContextItem.Lineage("blip2", "1.0", "base", "{\"beam\":3}"));
        assertThat(JSON.writeValueAsString(item)).isEqualTo("{\"id\":\"c1\",\"type\":\"caption\",\"start\":1.5,"
                + "\"end\":3.0,\"data\":{\"text\":\"a dog läuft\",\"n\":[1,2.5]},\"source\":{\"tool\":\"blip2\","
                + "\"tool_version\":\"1.0\",\"model_version\":\"base\",\"parameters\":{\"beam\":3}}}");
    }

    /** Through the byte path HTTP responses take, which writes characters outside the BMP as escaped pairs. */
    @Test
    void missingPartsAreWrittenAsNullsAndTextIsEscaped() throws Exception {
        ContextItem bare = new ContextItem("quote \" tab\t\u0001", "frame", 1e-7, null, null, null);
        ContextItem noParameters = new ContextItem("f2", "frame", 12345678.9, Double.MAX_VALUE, null,
                new ContextItem.Lineage("", "</script>", "日本語 😀", null));
        assertThat(new String(JSON.writeValueAsBytes(List.of(bare, noParameters)), StandardCharsets.UTF_8))
                .isEqualTo("[{\"id\":\"quote \\\" tab\\t\\u0001\",\"type\":\"frame\",\"start\":1.0E-7,\"end\":null,"
                        + "\"data\":null,\"source\":null},{\"id\":\"f2\",\"type\":\"frame\",\"start\":1.23456789E7,"
                        + "\"end\":1.7976931348623157E308,\"data\":null,\"source\":{\"tool\":\"\",\"tool_version\":"
                        + "\"</script>\",\"model_version\":\"日本語 \\uD83D\\uDE00\",\"parameters\":null}}]");
    }
}
