package dev.bri.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only operations at or above the threshold reach bri.performance, with their timing fields. */
class SlowOperationsTest {

    final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    final ExtHandler capture = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            record.copyAll();
            records.add(record);
        }
    };

    @BeforeEach
    void attach() {
        LogContext.getLogContext().getLogger(SlowOperations.CATEGORY).addHandler(capture);
    }

    @AfterEach
    void detach() {
        LogContext.getLogContext().getLogger(SlowOperations.CATEGORY).removeHandler(capture);
    }

    @Test
    void logsOnlySlowOperationsWithTheirTimings() {
        SlowOperations slow = new SlowOperations(Duration.ofMillis(500));
        slow.http("GET", "/api/v1/videos/{videoId}", 200, Duration.ofMillis(499).toNanos());
        slow.database("video_get", Duration.ofMillis(10).toNanos());
        assertThat(records).isEmpty();

        slow.http("PUT", "/api/v1/videos/{videoId}", 201, Duration.ofMillis(750).toNanos());
        slow.database("context_ingest", Duration.ofMillis(1200).toNanos());
        assertThat(records).hasSize(2);
        assertThat(records.get(0).getMdcCopy()).containsEntry("perf_kind", "http")
                .containsEntry("perf_operation", "PUT /api/v1/videos/{videoId}").containsEntry("perf_status", "201")
                .containsEntry("perf_duration_ms", "750");
        assertThat(records.get(1).getMdcCopy()).containsEntry("perf_kind", "db")
                .containsEntry("perf_operation", "context_ingest").containsEntry("perf_duration_ms", "1200");
        // the temporary fields do not leak into the caller's MDC
        assertThat(org.jboss.logging.MDC.get("perf_kind")).isNull();
    }
}
