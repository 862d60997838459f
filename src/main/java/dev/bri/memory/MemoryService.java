package dev.bri.memory;

import dev.bri.erasure.Erasures;
import dev.bri.video.VideoChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.List;
import java.util.Optional;

/**
 * The agent's memory of a video: turns appended (several atomically, in order), read in pages, forgotten. Each
 * committed change is announced ({@link VideoChanged}) before the call returns.
 */
@ApplicationScoped
public class MemoryService {

    private final MemoryRepository memory;
    private final Erasures erasures;
    private final Event<VideoChanged> changed;

    public MemoryService(MemoryRepository memory, Erasures erasures, Event<VideoChanged> changed) {
        this.memory = memory;
        this.erasures = erasures;
        this.changed = changed;
    }

    public List<MemoryTurn> append(String videoId, List<TurnRequest> turns) {
        List<MemoryTurn> stored = memory.append(videoId, turns);
        changed.fire(new VideoChanged(videoId, "memory"));
        return stored;
    }

    public MemoryPage page(String videoId, Long before, Long after, int limit, boolean newestFirst) {
        return memory.page(videoId, before, after, limit, newestFirst);
    }

    /** Forgets the conversation; the number of turns removed, or empty when there is no such video. */
    public Optional<Integer> clear(String videoId) {
        Optional<Integer> removed = erasures.clearMemory(videoId, "api");
        if (removed.isPresent()) {
            changed.fire(new VideoChanged(videoId, "memory"));
        }
        return removed;
    }
}
