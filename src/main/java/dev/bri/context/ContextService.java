package dev.bri.context;

import dev.bri.api.ApiException;
import dev.bri.memory.MemoryConfig;
import dev.bri.memory.MemoryRepository;
import dev.bri.memory.MemoryTurn;
import dev.bri.storage.Database;
import dev.bri.video.Video;
import dev.bri.video.VideoChanged;
import dev.bri.video.VideoRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and writes of context; each read runs in one snapshot so a document never mixes two versions. */
@ApplicationScoped
public class ContextService {

    private final Database database;
    private final ContextRepository items;
    private final ItemValidator validator;
    private final MemoryConfig memoryConfig;
    private final Event<VideoChanged> changed;

    public ContextService(Database database, ContextRepository items, ItemValidator validator,
            MemoryConfig memoryConfig, Event<VideoChanged> changed) {
        this.database = database;
        this.items = items;
        this.validator = validator;
        this.memoryConfig = memoryConfig;
        this.changed = changed;
    }

    public IngestResult ingest(String videoId, IngestRequest request) {
        List<NewItem> valid = validator.validate(request);
        IngestResult result = items.ingest(videoId, valid);
        changed.fire(new VideoChanged(videoId, "ingest"));
        return result;
    }

    public ContextDocument document(String videoId, Set<ItemType> types, Double from, Double to,
            boolean includeMemory) {
        double start = from == null ? 0 : from;
        double end = to == null ? Double.MAX_VALUE : to;
        if (end < start) {
            throw ApiException.invalid("to", "must be >= from");
        }
        return database.read("context_document", c -> {
            Video video = VideoRepository.find(c, videoId)
                    .orElseThrow(() -> ApiException.notFound("video '" + videoId + "'"));
            Set<ItemType> wanted = EnumSet.copyOf(types);
            wanted.add(ItemType.METADATA);
            Map<ItemType, List<ContextItem>> found = items.window(c, video.seq(), wanted, start, end);
            List<ContextItem> metadata = found.get(ItemType.METADATA);
            List<MemoryTurn> memory = includeMemory
                    ? MemoryRepository.last(c, video.seq(), memoryConfig.defaultTurns()) : null;
            return new ContextDocument(video,
                    metadata.isEmpty() ? null : metadata.get(metadata.size() - 1).data(),
                    found.getOrDefault(ItemType.FRAME, List.of()), found.getOrDefault(ItemType.CAPTION, List.of()),
                    found.getOrDefault(ItemType.TRANSCRIPT, List.of()), found.getOrDefault(ItemType.OBJECT, List.of()),
                    memory,
                    from == null && to == null ? null : new ContextDocument.Window(start, to == null ? null : end));
        });
    }

    public MomentDocument at(String videoId, double t, double window) {
        return database.read("context_at", c -> {
            long videoSeq = VideoRepository.requireSeq(c, videoId);
            Map<ItemType, List<ContextItem>> around = items.window(c, videoSeq,
                    EnumSet.of(ItemType.FRAME, ItemType.CAPTION, ItemType.OBJECT), Math.max(0, t - window),
                    t + window);
            List<ContextItem> speech = items.window(c, videoSeq, EnumSet.of(ItemType.TRANSCRIPT), t, t)
                    .get(ItemType.TRANSCRIPT);
            return new MomentDocument(videoId, t, window, around.get(ItemType.FRAME), around.get(ItemType.CAPTION),
                    around.get(ItemType.OBJECT), speech);
        });
    }

    public SearchResult search(String videoId, String q, Set<ItemType> types, int limit) {
        String match = QueryParams.match(q);
        return database.read("context_search", c -> new SearchResult(q,
                items.search(c, VideoRepository.requireSeq(c, videoId), match, types, limit)));
    }

    public ObjectSightings objects(String videoId, String className, int limit) {
        String wanted = className.trim().toLowerCase(java.util.Locale.ROOT);
        return database.read("context_objects", c -> {
            List<ContextRepository.Sighting> sightings =
                    items.sightings(c, VideoRepository.requireSeq(c, videoId), wanted, limit);
            return new ObjectSightings(wanted, sightings.size(), sightings);
        });
    }
}
