package dev.bri.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bri.api.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The write gate with real threads: order, overflow, and that nothing reported failed is applied (or vice versa). */
class MaintenanceQueueTest {

    private final List<String> events = new CopyOnWriteArrayList<>();

    private MaintenanceQueue queue(int capacity, Duration maxWait) {
        return new MaintenanceQueue(capacity, maxWait, Duration.ofSeconds(7), (e, d) -> events.add(e));
    }

    /** Simulates Database.write: gate, then the "commit" appends to the log. */
    private static Runnable write(MaintenanceQueue q, List<Integer> applied, int n) {
        return () -> {
            q.beforeWrite("w" + n);
            try {
                applied.add(n);
            } finally {
                q.afterWrite("w" + n);
            }
        };
    }

    @Test
    void heldWritesApplyInArrivalOrderWhenMaintenanceEnds() throws Exception {
        MaintenanceQueue q = queue(50, Duration.ofMinutes(5));
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        assertThat(q.enable("test")).isTrue();
        assertThat(q.enable("again")).isFalse();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(pool.submit(write(q, applied, i)));
            assertThat(q.awaitDepth(i + 1, 1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(applied).isEmpty();
        assertThat(q.state().queueDepth()).isEqualTo(20);
        q.disable();
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(i);
        }
        assertThat(applied).containsExactlyElementsOf(expected);
        assertThat(events).containsExactly("on", "off");
        assertThat(q.depth()).isZero();
    }

    @Test
    void fullQueueRefusesAtOnceWithRetryAfterAndAppliesTheRest() throws Exception {
        MaintenanceQueue q = queue(3, Duration.ofMinutes(5));
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        q.enable("test");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(pool.submit(write(q, applied, i)));
            assertThat(q.awaitDepth(i + 1, 1, TimeUnit.MINUTES)).isTrue();
        }
        assertThatThrownBy(() -> write(q, applied, 99).run())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type().status()).isEqualTo(503);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                });
        assertThat(events).contains("queue_overflow");
        q.disable();
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(applied).containsExactly(0, 1, 2);
    }

    @Test
    void aWriteThatWaitedTooLongIsRefusedAndNeverApplied() throws Exception {
        MaintenanceQueue q = queue(10, Duration.ofMillis(200));
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        q.enable("test");
        assertThatThrownBy(() -> write(q, applied, 1).run())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type().status()).isEqualTo(503));
        assertThat(q.depth()).isZero();
        q.disable();
        write(q, applied, 2).run();
        assertThat(applied).containsExactly(2);
    }

    @Test
    void writesArrivingWhileTheQueueDrainsLineUpBehindIt() throws Exception {
        MaintenanceQueue q = queue(50, Duration.ofMinutes(5));
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        q.enable("test");
        ExecutorService pool = Executors.newFixedThreadPool(11);
        List<Future<?>> futures = new ArrayList<>();
        // the first held write blocks inside its "transaction" until released, so the queue is still draining
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        futures.add(pool.submit(() -> {
            q.beforeWrite("slow");
            try {
                inside.countDown();
                release.await();
                applied.add(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                q.afterWrite("slow");
            }
        }));
        assertThat(q.awaitDepth(1, 1, TimeUnit.MINUTES)).isTrue();
        for (int i = 1; i <= 5; i++) {
            futures.add(pool.submit(write(q, applied, i)));
            assertThat(q.awaitDepth(i + 1, 1, TimeUnit.MINUTES)).isTrue();
        }
        q.disable();
        assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();
        for (int i = 6; i <= 10; i++) {
            futures.add(pool.submit(write(q, applied, i)));
            assertThat(q.awaitDepth(i, 1, TimeUnit.MINUTES)).isTrue(); // 5 still held + the new ones
        }
        release.countDown();
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(applied).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }
}
