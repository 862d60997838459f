package dev.bri.context;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The times one object class was detected in a video, in time order. */
public record ObjectSightings(@JsonProperty("class") String className, int count,
        List<ContextRepository.Sighting> sightings) {
}
