package dev.bri.resilience;

import dev.bri.api.ApiException;
import dev.bri.api.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write gate of maintenance mode, free of CDI so it can be tested with plain threads.
 *
 * <p>While maintenance is on, each write takes a ticket in a FIFO queue and its thread waits. When maintenance ends
 * the tickets are released one at a time, each only after the previous write has finished (committed or failed), so
 * held writes apply in arrival order; writes arriving while the queue drains line up behind it. A write that
 * cannot be queued (full) or waits too long leaves the queue before it runs and its client gets 503: a client is
 * never told "failed" for a write that is later applied, nor "succeeded" for one that was not.
 */
public final class MaintenanceQueue {

    /** Told about state changes; called outside the lock. */
    public interface Listener {
        void changed(String event, String detail);
    }

    /** Current state, for the API and health. */
    public record State(boolean active, String reason, Instant since, int queueDepth, int queueCapacity,
            long maxWaitSeconds) {
    }

    private static final class Ticket {
    }

    private final int capacity;
    private final Duration maxWait;
    private final Duration retryAfter;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Ticket> held = new ArrayDeque<>();
    private final ThreadLocal<Ticket> current = new ThreadLocal<>();
    private boolean active;
    private String reason;
    private Instant since;
    /** The released ticket whose write is running; the next one waits for it. */
    private Ticket running;

    public MaintenanceQueue(int capacity, Duration maxWait, Duration retryAfter, Listener listener) {
        this.capacity = capacity;
        this.maxWait = maxWait;
        this.retryAfter = retryAfter;
        this.listener = listener;
    }

    /** Turns maintenance on; returns false when it already was (the caller then must not turn it off). */
    public boolean enable(String why) {
        lock.lock();
        try {
            if (active) {
                return false;
            }
            active = true;
            reason = why;
            since = Instant.now();
        } finally {
            lock.unlock();
        }
        listener.changed("on", why);
        return true;
    }

    /** Turns maintenance off and lets the held writes run in order; returns false when it was not on. */
    public boolean disable() {
        int depth;
        lock.lock();
        try {
            if (!active) {
                return false;
            }
            active = false;
            reason = null;
            since = null;
            depth = held.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        listener.changed("off", "releasing " + depth + " held write(s)");
        return true;
    }

    public State state() {
        lock.lock();
        try {
            return new State(active, reason, since, held.size(), capacity, maxWait.toSeconds());
        } finally {
            lock.unlock();
        }
    }

    public boolean active() {
        lock.lock();
        try {
            return active;
        } finally {
            lock.unlock();
        }
    }

    public int depth() {
        lock.lock();
        try {
            return held.size();
        } finally {
            lock.unlock();
        }
    }

    /** Returns when the write may run; throws 503 when the queue is full or the wait is exceeded. */
    public void beforeWrite(String operation) {
        String overflow = null;
        lock.lock();
        try {
            if (!active && held.isEmpty() && running == null) {
                return;
            }
            if (held.size() >= capacity) {
                overflow = operation + ": " + held.size() + " write(s) already held";
            } else {
                Ticket ticket = new Ticket();
                held.addLast(ticket);
                awaitTurn(ticket, operation);
                held.removeFirst();
                running = ticket;
                current.set(ticket);
                return;
            }
        } finally {
            lock.unlock();
        }
        listener.changed("queue_overflow", overflow);
        throw unavailable("maintenance in progress and the write queue is full (" + capacity + "); not applied");
    }

    /** Ends the turn of the write that {@link #beforeWrite} released, letting the next held write run. */
    public void afterWrite(String operation) {
        Ticket ticket = current.get();
        if (ticket == null) {
            return;
        }
        current.remove();
        lock.lock();
        try {
            if (running == ticket) {
                running = null;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held; on return the ticket is at the head and may run. */
    private void awaitTurn(Ticket ticket, String operation) {
        long remaining = maxWait.toNanos();
        try {
            while (active || running != null || held.peekFirst() != ticket) {
                if (remaining <= 0) {
                    held.remove(ticket);
                    changed.signalAll();
                    throw unavailable("maintenance in progress: " + operation + " waited " + maxWait.toSeconds()
                            + " s and was not applied");
                }
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            held.remove(ticket);
            changed.signalAll();
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while held by maintenance; " + operation + " was not applied");
        }
    }

    private ApiException unavailable(String detail) {
        return new ApiException(ProblemType.SERVICE_UNAVAILABLE, detail, null, retryAfter);
    }

    /** For tests: wait until {@code n} writes are held. */
    public boolean awaitDepth(int n, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (depth() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
