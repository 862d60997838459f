package dev.bri.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import dev.bri.storage.Database;
import dev.bri.video.VideoRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-statement time-window read returns, for each type asked for, exactly the items overlapping its range, in
 * time order (ties in ingest order), with their own lineage, and nothing of other types or videos.
 */
@QuarkusTest
class TimeWindowTest {

    private static final ItemType[] TYPES = ItemType.values();

    @Inject
    Database database;
    @Inject
    ContextRepository items;

    record Stored(String id, ItemType type, double start, Double end, String tool, int order) {
        boolean overlaps(TimeRange range) {
            return start <= range.to() && (end == null ? start : end) >= range.from();
        }
    }

    @Test
    void readsExactlyTheItemsOverlappingEachTypesRange() {
        Random random = new Random(11);
        String id = TestData.createVideo(3600);
        List<Stored> stored = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ItemType type = TYPES[random.nextInt(TYPES.length)];
            double start = random.nextInt(600) / 2.0; // many items share a start
            Double end = random.nextInt(3) == 0 ? null : start + random.nextInt(60) / 2.0;
            if (i == 0) {
                end = 250.0; // one long item: windows far after its start still see it
            }
            Stored item = new Stored("i" + i, type, start, end, "tool-" + random.nextInt(4), i);
            stored.add(item);
            batch.add(json(item));
        }
        TestData.ingest(id, batch.toArray(String[]::new));
        // another video with items at the same times, none of which may show up
        String other = TestData.createVideo(3600);
        TestData.ingest(other, json(new Stored("x", ItemType.CAPTION, 100, 200.0, "tool-9", 0)),
                json(new Stored("y", ItemType.METADATA, 0, null, "tool-9", 1)));

        int compared = 0;
        for (int q = 0; q < 300; q++) {
            Map<ItemType, TimeRange> ranges = new EnumMap<>(ItemType.class);
            for (ItemType type : TYPES) {
                if (random.nextInt(3) > 0) {
                    double from = random.nextInt(700) / 2.0;
                    double to = random.nextInt(4) == 0 ? from : from + random.nextInt(200) / 2.0;
                    ranges.put(type, random.nextInt(10) == 0 ? TimeRange.WHOLE : new TimeRange(from, to));
                }
            }
            Map<ItemType, List<ContextItem>> found = database.read("test",
                    c -> items.window(c, VideoRepository.requireSeq(c, id), ranges));
            assertThat(found.keySet()).isEqualTo(ranges.keySet());
            for (Map.Entry<ItemType, TimeRange> range : ranges.entrySet()) {
                List<String> expected = stored.stream()
                        .filter(s -> s.type() == range.getKey() && s.overlaps(range.getValue()))
                        .sorted(Comparator.comparingDouble(Stored::start).thenComparingInt(Stored::order))
                        .map(s -> s.id() + "@" + s.start() + "-" + s.end() + "/" + s.tool())
                        .toList();
                List<String> actual = found.get(range.getKey()).stream()
                        .map(i -> i.id() + "@" + i.start() + "-" + i.end() + "/" + i.source().tool())
                        .toList();
                assertThat(actual).as("%s in %s", range.getKey(), range.getValue()).isEqualTo(expected);
                compared += expected.size();
            }
        }
        assertThat(compared).as("items compared").isGreaterThan(5_000);
    }

    @Test
    void eachTypeIsOneIndexRangeAndNothingIsSorted() throws Exception {
        List<String> plan = database.read("test", c -> {
            List<String> lines = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + ContextRepository.WINDOW);
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString("detail"));
                }
            }
            return lines;
        });
        assertThat(plan).filteredOn(line -> line.contains("ix_context_items_window (video_seq=? AND type=? "
                + "AND start_seconds>? AND start_seconds<?)")).hasSize(TYPES.length);
        assertThat(plan).noneMatch(line -> line.contains("TEMP B-TREE"));
        assertThat(plan).noneMatch(line -> line.startsWith("SCAN"));
    }

    private static String json(Stored item) {
        return "{\"id\":\"" + item.id() + "\",\"type\":\"" + item.type().wire() + "\",\"start\":" + item.start()
                + (item.end() == null ? "" : ",\"end\":" + item.end())
                + ",\"data\":{\"text\":\"words\",\"objects\":[{\"class_name\":\"dog\"}]},"
                + "\"source\":{\"tool\":\"" + item.tool() + "\"}}";
    }
}
