package dev.bri.context;

import java.util.List;

/** What happens around second {@code t}: items in [t - window, t + window] and the transcript covering t. */
public record MomentDocument(String videoId, double t, double window, List<ContextItem> frames,
        List<ContextItem> captions, List<ContextItem> objects, List<ContextItem> transcript) {
}
