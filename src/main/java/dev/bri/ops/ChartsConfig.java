package dev.bri.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The time series behind the charts of /ops ({@code bri.ops.charts.*}), sampled in process. */
@ConfigMapping(prefix = "bri.ops.charts")
public interface ChartsConfig {

    /** How often the metrics are sampled; {@code off} stops sampling (the charts stay empty). */
    @WithDefault("10s")
    String sampleInterval();

    /** How far back the ring buffer reaches; with the interval it sets the buffer's size. */
    @WithDefault("24h")
    Duration history();

    /** Percentiles are computed over this recent window, not since start-up. */
    @WithDefault("5m")
    Duration percentileWindow();

    /** Most series kept (one per chart line); further ones are dropped, so memory stays bounded. */
    @WithDefault("120")
    int maxSeries();
}
