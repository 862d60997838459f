package dev.bri.memory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "bri.memory")
public interface MemoryConfig {

    /** Turns returned when no limit is asked (BRI's agent reads the last 10). */
    @WithDefault("10")
    int defaultTurns();

    @WithDefault("200")
    int maxTurns();

    /** Turns one POST may store at once (a question and its answer are two). */
    @WithDefault("100")
    int maxBatchTurns();

    @WithDefault("32000")
    int maxContentChars();
}
