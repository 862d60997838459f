package dev.bri.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written item writer gives byte for byte what Jackson's bean serializer gives for the record. */
class ContextItemWriterTest {

    /** Switches the custom writer off: what the record serialized as before it had one. */
    @JsonSerialize(using = JsonSerializer.None.class)
    private interface BeanSerialized {
    }

    private static final String[] TEXTS = {"", "c1", "quote \" and \\ backslash", "tab\tnew\nline", "\u0001control",
        "läuft 日本語 😀", "</script>"};
    private static final double[] TIMES = {0, 0.1, 1.5, 3599.999, 1e-7, 12345678.9, 4.9e-324, Double.MAX_VALUE};

    @Test
    void writesWhatTheBeanSerializerWrites() throws Exception {
        // as configured in application.properties (quarkus.jackson.property-naming-strategy)
        ObjectMapper custom = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        ObjectMapper bean = custom.copy().addMixIn(ContextItem.class, BeanSerialized.class);
        Random random = new Random(3);
        List<ContextItem> items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ContextItem.Lineage source = random.nextInt(10) == 0 ? null : new ContextItem.Lineage(pick(random),
                    pick(random), pick(random), random.nextInt(5) == 0 ? null : "{\"beam\":3,\"t\":\"" + i + "\"}");
            RawJson data = random.nextInt(10) == 0 ? null
                    : new RawJson(("{\"text\":\"" + i + " läuft\",\"n\":[1,2.5]}").getBytes(StandardCharsets.UTF_8));
            items.add(new ContextItem(pick(random), ItemType.values()[random.nextInt(5)].wire(),
                    TIMES[random.nextInt(TIMES.length)], random.nextBoolean() ? null : TIMES[random.nextInt(TIMES.length)],
                    data, source));
        }
        for (ContextItem item : items) {
            assertThat(custom.writeValueAsString(item)).isEqualTo(bean.writeValueAsString(item));
        }
        // in a list, as in a context document, through the byte path HTTP responses take
        assertThat(custom.writeValueAsBytes(items)).isEqualTo(bean.writeValueAsBytes(items));
        assertThat(custom.writeValueAsString(items)).contains("\"tool_version\"", "\"end\":null", "\"source\":null");
    }

    private static String pick(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)];
    }
}
