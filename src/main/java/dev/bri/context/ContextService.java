package dev.bri.context;

import dev.bri.domain.InvalidInputException;
import dev.bri.domain.NotFoundException;
import dev.bri.memory.MemoryConfig;
import dev.bri.memory.MemoryRepository;
import dev.bri.memory.MemoryTurn;
import dev.bri.resilience.DegradationEvent;
import dev.bri.resilience.GuardedReads;
import dev.bri.search.SearchIndex;
import dev.bri.search.SearchQuery;
import dev.bri.storage.ReadExecutor;
import dev.bri.video.Video;
import dev.bri.video.VideoChanged;
import dev.bri.video.VideoRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/** Reads and writes of context; each read runs in one snapshot so a document never mixes two versions. */
@ApplicationScoped
public class ContextService {

    private static final Logger LOG = Logger.getLogger(ContextService.class);

    private final GuardedReads database;
    private final ContextRepository items;
    private final SearchIndex search;
    private final ItemValidator validator;
    private final MemoryConfig memoryConfig;
    private final Event<VideoChanged> changed;
    private final Event<DegradationEvent> degradation;
    private final ReadExecutor reads;

    public ContextService(GuardedReads database, ContextRepository items, SearchIndex search,
            ItemValidator validator, MemoryConfig memoryConfig, Event<VideoChanged> changed,
            Event<DegradationEvent> degradation, ReadExecutor reads) {
        this.reads = reads;
        this.database = database;
        this.items = items;
        this.search = search;
        this.validator = validator;
        this.memoryConfig = memoryConfig;
        this.changed = changed;
        this.degradation = degradation;
    }

    /**
     * Runs a read (cache lookup, then the database on a miss) on the small read pool instead of Quarkus' large
     * worker pool: on two cores, requests that queue and run to the end have a lower p99 than sixteen threads sharing
     * the cores in slices ({@link ReadExecutor}).
     */
    public <T> CompletionStage<T> onReadThread(Callable<T> read) {
        return reads.submit(read);
    }

    public IngestResult ingest(String videoId, IngestRequest request) {
        List<NewItem> valid = validator.validate(request);
        TranscriptText transcript = validator.transcript(request);
        IngestResult result = items.ingest(videoId, valid, transcript);
        changed.fire(new VideoChanged(videoId, "ingest"));
        return result;
    }

    public ContextDocument document(String videoId, Set<ItemType> types, Double from, Double to,
            boolean includeMemory) {
        double start = from == null ? 0 : from;
        double end = to == null ? Double.MAX_VALUE : to;
        if (end < start) {
            throw new InvalidInputException("to", "must be >= from");
        }
        return database.read("context_document", c -> {
            Video video = VideoRepository.find(c, videoId)
                    .orElseThrow(() -> new NotFoundException("video '" + videoId + "'"));
            Map<ItemType, TimeRange> ranges = new EnumMap<>(ItemType.class);
            for (ItemType type : types) {
                ranges.put(type, new TimeRange(start, end));
            }
            // metadata describes the whole video, whatever the window
            ranges.put(ItemType.METADATA, TimeRange.WHOLE);
            Map<ItemType, List<ContextItem>> found = items.window(c, video.seq(), ranges);
            List<ContextItem> metadata = found.get(ItemType.METADATA);
            List<MemoryTurn> memory = null;
            List<String> missing = null;
            if (includeMemory) {
                try {
                    memory = MemoryRepository.last(c, video.seq(), memoryConfig.defaultTurns());
                } catch (SQLException e) {
                    // The context itself was read: answer with what we have rather than fail the whole request.
                    LOG.warnf("context.partial part=memory: %s", e.getMessage());
                    missing = List.of("memory");
                }
            }
            TranscriptText transcript = types.contains(ItemType.TRANSCRIPT) ? Transcripts.find(c, video.seq()) : null;
            return new ContextDocument(video,
                    metadata.isEmpty() ? null : metadata.get(metadata.size() - 1).data(),
                    found.getOrDefault(ItemType.FRAME, List.of()), found.getOrDefault(ItemType.CAPTION, List.of()),
                    found.getOrDefault(ItemType.TRANSCRIPT, List.of()), found.getOrDefault(ItemType.OBJECT, List.of()),
                    transcript == null ? null : transcript.fullText(),
                    transcript == null ? null : transcript.language(),
                    memory,
                    from == null && to == null ? null : new ContextDocument.Window(start, to == null ? null : end),
                    missing == null ? null : Boolean.TRUE, missing);
        });
    }

    /** Reports a partial document as a degradation; called once per response, outside the database read. */
    public void reportPartial(ContextDocument document) {
        if (document.isPartial()) {
            degradation.fire(new DegradationEvent("context", "partial-response",
                    "missing " + document.missing()));
        }
    }

    public MomentDocument at(String videoId, double t, double window) {
        return database.read("context_at", c -> {
            TimeRange around = new TimeRange(Math.max(0, t - window), t + window);
            Map<ItemType, TimeRange> ranges = new EnumMap<>(Map.of(ItemType.FRAME, around,
                    ItemType.CAPTION, around, ItemType.OBJECT, around,
                    ItemType.TRANSCRIPT, new TimeRange(t, t))); // the segment covering t
            Map<ItemType, List<ContextItem>> found = items.window(c, VideoRepository.requireSeq(c, videoId), ranges);
            return new MomentDocument(videoId, t, window, found.get(ItemType.FRAME), found.get(ItemType.CAPTION),
                    found.get(ItemType.OBJECT), found.get(ItemType.TRANSCRIPT));
        });
    }

    public SearchResult search(String videoId, SearchQuery query, Set<ItemType> types, int limit) {
        List<String> wire = types.stream().map(ItemType::wire).toList();
        return database.read("context_search", c -> new SearchResult(query.text(),
                search.search(c, VideoRepository.requireSeq(c, videoId), query, wire, limit)));
    }

    public ObjectSightings objects(String videoId, String className, int limit) {
        String wanted = className.trim().toLowerCase(java.util.Locale.ROOT);
        return database.read("context_objects", c -> {
            List<ContextRepository.Sighting> sightings = items.sightings(c, VideoRepository.requireSeq(c, videoId),
                    wanted, limit);
            return new ObjectSightings(wanted, sightings.size(), sightings);
        });
    }
}
