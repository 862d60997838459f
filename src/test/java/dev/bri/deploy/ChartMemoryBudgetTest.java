package dev.bri.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The service's memory, computed from what the chart renders, must fit its container limit with a margin, or the pod
 * is OOM-killed under load: the JVM heap (JAVA_MAX_MEM_RATIO percent of the limit), the SQLite page caches outside the
 * heap (one per pooled connection, each up to BRI_STORAGE_CACHE_SIZE_KIB) and the JVM's own memory.
 */
class ChartMemoryBudgetTest {

    private static final long MIB = 1024 * 1024;
    /**
     * Memory the JVM uses besides the heap: metaspace (about 100 MiB for this application), code cache (up to 48 MiB
     * in use), thread stacks (1 MiB reserved each, about 60 threads at rest) and Netty's direct buffers.
     */
    static final long JVM_NON_HEAP = 256 * MIB;
    /** Kept free of everything above: the page cache of the mmap'd database file and growth nobody planned. */
    static final double MARGIN = 0.10;
    /** What the images do when the chart does not say (Dockerfile.jvm JAVA_MAX_MEM_RATIO, StorageConfig defaults). */
    private static final Map<String, String> APPLICATION_DEFAULTS = Map.of("JAVA_MAX_MEM_RATIO", "75",
            "BRI_STORAGE_POOL_SIZE", "16", "BRI_STORAGE_CACHE_SIZE_KIB", "32768");

    record Budget(long limit, long heap, long sqlite, long nonHeap) {
        long needed() {
            return heap + sqlite + nonHeap;
        }

        boolean fits() {
            return needed() <= (long) (limit * (1 - MARGIN));
        }

        @Override
        public String toString() {
            return "limit " + limit / MIB + " MiB: heap " + heap / MIB + " + SQLite caches " + sqlite / MIB
                    + " + JVM non-heap " + nonHeap / MIB + " = " + needed() / MIB + " MiB, allowed "
                    + (long) (limit * (1 - MARGIN)) / MIB + " MiB";
        }
    }

    static Optional<Budget> budget(Chart.Rendered rendered) {
        String name = Chart.RELEASE + "-bri-context";
        Container app = HelmChartTest.container(rendered.one(Deployment.class, name));
        Map<String, Quantity> limits = app.getResources().getLimits();
        if (limits == null || !limits.containsKey("memory")) {
            return Optional.empty();
        }
        long limit = Quantity.getAmountInBytes(limits.get("memory")).longValue();
        Map<String, String> env = rendered.one(ConfigMap.class, name).getData();
        int heapPercent = Integer.parseInt(setting(env, "JAVA_MAX_MEM_RATIO"));
        long pool = Long.parseLong(setting(env, "BRI_STORAGE_POOL_SIZE"));
        long cacheKib = Long.parseLong(setting(env, "BRI_STORAGE_CACHE_SIZE_KIB"));
        return Optional.of(new Budget(limit, limit * heapPercent / 100, pool * cacheKib * 1024, JVM_NON_HEAP));
    }

    private static String setting(Map<String, String> env, String key) {
        return env.getOrDefault(key, APPLICATION_DEFAULTS.get(key));
    }

    @Test
    void everyValuesFileFitsItsMemoryLimit() {
        int checked = 0;
        for (Optional<Path> values : Chart.valuesFiles()) {
            Optional<Budget> budget = budget(Chart.rendered(values));
            if (values.isEmpty() || values.get().toString().contains("production")) {
                assertThat(budget).as("defaults and production set a memory limit").isPresent();
            }
            if (budget.isPresent()) {
                assertThat(budget.get().fits()).as(values.map(Path::toString).orElse("defaults") + ": " + budget.get())
                        .isTrue();
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    /** The check can fail: the 0.1 chart's defaults (768 Mi, 75% heap, 16 x 32 MiB) did not fit. */
    @Test
    void aLimitTooSmallForHeapAndCachesIsCaught() {
        Budget old = budget(Chart.rendered(c -> c.set("resources.limits.memory", "768Mi")
                .set("memory.heapPercent", 75).set("memory.sqlitePoolSize", 16).set("memory.sqliteCacheKiB", 32768)))
                .orElseThrow();
        assertThat(old.fits()).as(old.toString()).isFalse();
        Budget bigCaches = budget(Chart.rendered(c -> c.set("memory.sqliteCacheKiB", 65536))).orElseThrow();
        assertThat(bigCaches.fits()).as(bigCaches.toString()).isFalse();
        assertThat(new BigDecimal(old.limit())).isEqualTo(BigDecimal.valueOf(768 * MIB));
    }
}
