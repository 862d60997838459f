package dev.bri.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The buckets against a clock the test moves. */
class ClientLimitsTest {

    static final class ManualClock implements TimeMeter {
        long nanos;

        void advance(Duration d) {
            nanos += d.toNanos();
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ClientLimits limits = new ClientLimits(Map.of(RequestClass.READ, new Limit(60, 3),
            RequestClass.SEARCH, new Limit(30, 1), RequestClass.WRITE, new Limit(6, 2)), clock,
            Duration.ofMinutes(10), 1000);

    @Test
    void aBurstPassesThenTheRateAndTheWaitIsTheTimeToTheNextToken() {
        for (int i = 0; i < 3; i++) {
            assertThat(limits.tryAcquire("a", RequestClass.READ).allowed()).isTrue();
        }
        ClientLimits.Decision refused = limits.tryAcquire("a", RequestClass.READ);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(999));
        assertThat(limits.tryAcquire("a", RequestClass.READ).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limits.tryAcquire("a", RequestClass.READ).allowed()).isTrue();
        assertThat(limits.tryAcquire("a", RequestClass.READ).allowed()).isFalse();
        // a minute refills the whole burst, never more
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThat(limits.tryAcquire("a", RequestClass.READ).allowed()).isTrue();
        }
        assertThat(limits.tryAcquire("a", RequestClass.READ).allowed()).isFalse();
    }

    @Test
    void clientsAndClassesHaveTheirOwnBuckets() {
        assertThat(limits.tryAcquire("a", RequestClass.SEARCH).allowed()).isTrue();
        assertThat(limits.tryAcquire("a", RequestClass.SEARCH).allowed()).isFalse();
        assertThat(limits.tryAcquire("a", RequestClass.SEARCH).retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(limits.tryAcquire("b", RequestClass.SEARCH).allowed()).isTrue();
        assertThat(limits.tryAcquire("a", RequestClass.READ).allowed()).isTrue();
        assertThat(limits.tryAcquire("a", RequestClass.WRITE).allowed()).isTrue();
        assertThat(limits.tryAcquire("a", RequestClass.WRITE).allowed()).isTrue();
        ClientLimits.Decision write = limits.tryAcquire("a", RequestClass.WRITE);
        assertThat(write.allowed()).isFalse();
        assertThat(write.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void limitsAreWrittenPerMinuteSlashBurst() {
        assertThat(Limit.parse("k", "300/50")).isEqualTo(new Limit(300, 50));
        assertThat(Limit.parse("k", " 30 / 5 ")).isEqualTo(new Limit(30, 5));
        assertThatThrownBy(() -> Limit.parse("bri.rate-limit.read", "300")).hasMessageContaining("bri.rate-limit.read");
        assertThatThrownBy(() -> Limit.parse("k", "0/5")).hasMessageContaining("at least 1");
    }

    @Test
    void requestsAreClassedByMethodAndPath() {
        assertThat(RequestClass.of("GET", "/api/v1/videos/v1/search")).contains(RequestClass.SEARCH);
        assertThat(RequestClass.of("GET", "/api/v1/videos/v1/context")).contains(RequestClass.READ);
        assertThat(RequestClass.of("GET", "/api/v1/videos/search")).contains(RequestClass.READ);
        assertThat(RequestClass.of("DELETE", "/api/v1/videos/v1")).contains(RequestClass.WRITE);
        assertThat(RequestClass.of("POST", "/admin/backups")).isEmpty();
        assertThat(RequestClass.of("GET", "/q/health/ready")).isEmpty();
    }
}
