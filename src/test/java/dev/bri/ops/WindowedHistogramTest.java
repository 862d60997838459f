package dev.bri.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WindowedHistogramTest {

    private static final double[] BOUNDS = {5, 10, 50, 100, 250, 357.9, 500, 1000};

    /** Cumulative bucket counts after {@code fast} requests of 3 ms and {@code slow} of 300 ms. */
    private static WindowedHistogram.Point point(double fast, double slow, double maxMs) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        for (double bound : BOUNDS) {
            cumulative.put(bound, (bound >= 5 ? fast : 0) + (bound >= 357.9 ? slow : 0));
        }
        return new WindowedHistogram.Point(cumulative, fast + slow, maxMs);
    }

    @Test
    void percentilesDescribeTheWindowNotTheLifetime() {
        WindowedHistogram window = new WindowedHistogram(3);
        window.add(point(0, 0, 0));
        window.add(point(100_000, 0, 4)); // a long fast past
        assertThat(window.quantile(0.99)).isEqualTo(4.0); // capped by the window's max, below the 5 ms bound
        window.add(point(100_000, 10, 314.8));
        window.add(point(100_000, 20, 314.8));
        // the window now holds only the 20 slow requests: over the lifetime p99 would be the 5 ms bucket
        assertThat(window.count()).isEqualTo(20);
        assertThat(window.quantile(0.50)).isEqualTo(314.8);
        assertThat(window.lastDelta()).isEqualTo(10);
    }

    @Test
    void aPercentileIsNeverAboveTheWindowsMaximum() {
        // the case seen on /ops: p99 from the bucket bound 357.9 ms beside a max of 314.8 ms
        WindowedHistogram window = new WindowedHistogram(31);
        window.add(point(0, 0, 0));
        window.add(point(900, 100, 314.8));
        assertThat(window.maxMs()).isEqualTo(314.8);
        assertThat(window.quantile(0.99)).isEqualTo(314.8);
        assertThat(window.quantile(0.95)).isEqualTo(314.8);
        assertThat(window.quantile(0.50)).isEqualTo(5.0);
        for (double q : new double[]{0.5, 0.9, 0.95, 0.99, 0.999}) {
            assertThat(window.quantile(q)).isLessThanOrEqualTo(window.maxMs());
        }
    }

    @Test
    void anEmptyWindowHasNoPercentile() {
        WindowedHistogram window = new WindowedHistogram(3);
        assertThat(window.quantile(0.5)).isNull();
        window.add(point(10, 0, 3));
        assertThat(window.quantile(0.5)).isNull(); // one sample: no interval yet
        window.add(point(10, 0, 3));
        assertThat(window.quantile(0.5)).isNull(); // nothing happened in between
        assertThat(window.count()).isZero();
    }
}
