package dev.bri.memory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "bri.memory")
public interface MemoryConfig {

    /** Turns returned when no limit is asked (BRI's agent reads the last 10). */
    @WithName("default-turns")
    @WithDefault("10")
    int defaultTurns();

    @WithName("max-turns")
    @WithDefault("200")
    int maxTurns();

    /** Turns one POST may store at once (a question and its answer are two). */
    @WithName("max-batch-turns")
    @WithDefault("100")
    int maxBatchTurns();

    @WithName("max-content-chars")
    @WithDefault("32000")
    int maxContentChars();
}
