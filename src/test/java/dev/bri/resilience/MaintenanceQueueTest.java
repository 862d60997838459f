package dev.bri.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bri.domain.RetryLaterException;
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
            assertThat(awaitDepth(q, i + 1, 1, TimeUnit.MINUTES)).isTrue();
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
            assertThat(awaitDepth(q, i + 1, 1, TimeUnit.MINUTES)).isTrue();
        }
        assertThatThrownBy(() -> write(q, applied, 99).run())
                .isInstanceOfSatisfying(RetryLaterException.class, e -> assertThat(e.retryAfter())
                        .isEqualTo(Duration.ofSeconds(7)));
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
                .isInstanceOf(RetryLaterException.class);
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
        assertThat(awaitDepth(q, 1, 1, TimeUnit.MINUTES)).isTrue();
        for (int i = 1; i <= 5; i++) {
            futures.add(pool.submit(write(q, applied, i)));
            assertThat(awaitDepth(q, i + 1, 1, TimeUnit.MINUTES)).isTrue();
        }
        q.disable();
        assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();
        for (int i = 6; i <= 10; i++) {
            futures.add(pool.submit(write(q, applied, i)));
            assertThat(awaitDepth(q, i, 1, TimeUnit.MINUTES)).isTrue(); // 5 still held + the new ones
        }
        release.countDown();
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(applied).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    /** A write that passed the open gate and blocks inside its "transaction" until released. */
    private static Future<?> runningWrite(ExecutorService pool, MaintenanceQueue q, List<Integer> applied, int n,
            java.util.concurrent.CountDownLatch inside, java.util.concurrent.CountDownLatch release) {
        return pool.submit(() -> {
            q.beforeWrite("running");
            try {
                inside.countDown();
                release.await();
                applied.add(n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                q.afterWrite("running");
            }
        });
    }

    @Test
    void aHoldReturnsOnlyOnceTheWritesAlreadyPastTheGateHaveFinished() throws Exception {
        MaintenanceQueue q = queue(10, Duration.ofMinutes(5));
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Future<?> running = runningWrite(pool, q, applied, 1, inside, release);
        assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();
        assertThat(q.state().writesRunning()).isEqualTo(1);
        Future<MaintenanceQueue.Hold> hold = pool.submit(() -> q.hold("restore"));
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(q::active);
        // the gate is closed at once (a new write is held), but the hold waits for the running write
        Future<?> late = pool.submit(write(q, applied, 2));
        assertThat(awaitDepth(q, 1, 1, TimeUnit.MINUTES)).isTrue();
        assertThat(q.active()).isTrue();
        assertThat(hold.isDone()).isFalse();
        release.countDown();
        try (MaintenanceQueue.Hold h = hold.get(1, TimeUnit.MINUTES)) {
            assertThat(applied).as("what the hold's caller reads next").containsExactly(1);
            assertThat(q.state().writesRunning()).isZero();
        }
        running.get(1, TimeUnit.MINUTES);
        late.get(1, TimeUnit.MINUTES);
        pool.shutdown();
        assertThat(applied).containsExactly(1, 2);
        assertThat(q.active()).isFalse();
    }

    @Test
    void anOperatorTurningMaintenanceOffDuringAHoldReleasesNothingUntilTheHoldEnds() throws Exception {
        MaintenanceQueue q = queue(10, Duration.ofMinutes(5));
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        assertThat(q.enable("operator")).isTrue();
        ExecutorService pool = Executors.newFixedThreadPool(1);
        Future<?> held;
        try (MaintenanceQueue.Hold h = q.hold("restore")) {
            held = pool.submit(write(q, applied, 1));
            assertThat(awaitDepth(q, 1, 1, TimeUnit.MINUTES)).isTrue();
            assertThat(q.disable()).isTrue();
            assertThat(q.state().active()).isTrue();
            assertThat(q.state().reason()).isEqualTo("restore");
            assertThat(q.depth()).isEqualTo(1);
            assertThat(applied).isEmpty();
        }
        held.get(1, TimeUnit.MINUTES);
        pool.shutdown();
        assertThat(applied).containsExactly(1);
        assertThat(q.active()).isFalse();
        assertThat(events).containsExactly("on", "off");
    }

    @Test
    void aHoldOnTopOfOperatorMaintenanceLeavesItOn() {
        MaintenanceQueue q = queue(10, Duration.ofMinutes(5));
        q.enable("operator");
        try (MaintenanceQueue.Hold h = q.hold("restore")) {
            assertThat(q.active()).isTrue();
        }
        assertThat(q.state().active()).isTrue();
        assertThat(q.state().reason()).isEqualTo("operator");
        q.disable();
        assertThat(q.active()).isFalse();
    }

    @Test
    void aHoldWhoseRunningWritesDoNotFinishIsRefusedAndReleasesTheGate() throws Exception {
        MaintenanceQueue q = queue(10, Duration.ofMillis(200));
        List<Integer> applied = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(1);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Future<?> running = runningWrite(pool, q, applied, 1, inside, release);
        assertThat(inside.await(1, TimeUnit.MINUTES)).isTrue();
        assertThatThrownBy(() -> q.hold("restore"))
                .isInstanceOf(RetryLaterException.class);
        assertThat(q.active()).isFalse();
        release.countDown();
        running.get(1, TimeUnit.MINUTES);
        pool.shutdown();
        write(q, applied, 2).run();
        assertThat(applied).containsExactly(1, 2);
    }

    /** Waits until {@code n} writes are held. */
    private static boolean awaitDepth(MaintenanceQueue q, int n, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (q.depth() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
