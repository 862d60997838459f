package dev.bri.nativeimage;

import dev.bri.api.Problem;
import dev.bri.context.ContextDocument;
import dev.bri.context.ContextItem;
import dev.bri.context.ContextRepository;
import dev.bri.context.MomentDocument;
import dev.bri.context.ObjectSightings;
import dev.bri.context.SearchResult;
import dev.bri.memory.MemoryResource;
import dev.bri.memory.MemoryTurn;
import dev.bri.search.SearchHit;
import dev.bri.video.Video;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * JSON types that Jackson serializes by hand (problem bodies, cached context responses written as bytes) rather than
 * as REST return types, which Quarkus would register on its own. The native image needs their accessors.
 */
@RegisterForReflection(targets = {Problem.class, Problem.FieldError.class, ContextDocument.class,
        ContextDocument.Window.class, ContextItem.class, ContextItem.Lineage.class, MomentDocument.class,
        SearchResult.class, SearchHit.class, ContextRepository.Sighting.class,
        ObjectSightings.class, Video.class, MemoryTurn.class, MemoryResource.Turns.class})
public final class JsonReflection {

    private JsonReflection() {
    }
}
