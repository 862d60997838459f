package dev.bri.resilience;

import dev.bri.domain.RetryLaterException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
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
 *
 * <p>Closing the gate does not stop the writes already past it. {@link #hold} closes it and then waits until each of
 * those has finished (committed or failed), so whatever reads the database next (a restore's safety backup) sees
 * every write that was or will be acknowledged from before the gate closed. A hold keeps maintenance on even when an
 * operator turns their maintenance off meanwhile: held writes are released only when the last hold ends.
 */
public final class MaintenanceQueue {

    /** Told about state changes; called outside the lock. */
    public interface Listener {
        void changed(String event, String detail);
    }

    /**
     * Current state, for the API and health. {@code writesRunning}: writes past the gate and not finished yet (while
     * maintenance is on, a restore waits for them before it takes its safety backup).
     */
    public record State(boolean active, String reason, Instant since, int queueDepth, int queueCapacity,
            long maxWaitSeconds, int writesRunning) {
    }

    private static final class Ticket {
    }

    /** Maintenance held by an operation (a restore) until closed; see {@link #hold}. */
    public final class Hold implements AutoCloseable {
        private boolean closed;

        private Hold() {
        }

        @Override
        public void close() {
            release(this);
        }
    }

    /** Marks a write that passed an open gate (no ticket needed: it never waited). */
    private static final Ticket PASSED = new Ticket();

    private final int capacity;
    private final Duration maxWait;
    private final Duration retryAfter;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Ticket> held = new ArrayDeque<>();
    private final ThreadLocal<Ticket> current = new ThreadLocal<>();
    private boolean active;
    /** Maintenance turned on by an operator ({@link #enable}); active also while any {@link Hold} is open. */
    private boolean operatorOn;
    private int holds;
    private String reason;
    private String holdReason;
    private Instant since;
    /** Writes past the gate whose {@link #afterWrite} has not run yet: what {@link #hold} waits for. */
    private int admitted;
    /** The released ticket whose write is running; the next one waits for it. */
    private Ticket running;

    public MaintenanceQueue(int capacity, Duration maxWait, Duration retryAfter, Listener listener) {
        this.capacity = capacity;
        this.maxWait = maxWait;
        this.retryAfter = retryAfter;
        this.listener = listener;
    }

    /**
     * Turns the operator's maintenance on; returns false when it already was (the caller then must not turn it off).
     * Writes already past the gate still finish; use {@link #hold} to wait for them.
     */
    public boolean enable(String why) {
        boolean wasActive;
        lock.lock();
        try {
            if (operatorOn) {
                return false;
            }
            operatorOn = true;
            wasActive = active;
            reason = why;
            if (!wasActive) {
                active = true;
                since = Instant.now();
            }
        } finally {
            lock.unlock();
        }
        if (!wasActive) {
            listener.changed("on", why);
        }
        return true;
    }

    /**
     * Turns the operator's maintenance off; returns false when it was not on. The held writes run in order unless a
     * {@link Hold} is still open: then they wait for it to close.
     */
    public boolean disable() {
        lock.lock();
        try {
            if (!operatorOn) {
                return false;
            }
            operatorOn = false;
            if (holds > 0) {
                reason = holdReason;
            }
        } finally {
            lock.unlock();
        }
        deactivateIfUnused("operator turned maintenance off");
        return true;
    }

    /**
     * Closes the gate for an operation (maintenance on, whether or not it already was) and returns once every write
     * that passed the gate before has finished: from then on no write commits until the hold is closed, and each
     * write that finishes later was held and is applied after it. Throws 503 (the hold released) when those writes
     * do not finish within the queue's max wait.
     */
    public Hold hold(String why) {
        Hold hold = new Hold();
        boolean turnedOn;
        lock.lock();
        try {
            holds++;
            holdReason = why;
            turnedOn = !active;
            if (turnedOn) {
                active = true;
                reason = why;
                since = Instant.now();
            }
        } finally {
            lock.unlock();
        }
        if (turnedOn) {
            listener.changed("on", why);
        }
        try {
            awaitAdmittedWrites(why);
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
        return hold;
    }

    private void awaitAdmittedWrites(String why) {
        lock.lock();
        try {
            long remaining = maxWait.toNanos();
            while (admitted > 0) {
                if (remaining <= 0) {
                    throw unavailable(why + ": " + admitted + " write(s) already running did not finish within "
                            + maxWait.toSeconds() + " s; nothing was changed");
                }
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(why + ": interrupted while waiting for running writes; nothing was changed");
        } finally {
            lock.unlock();
        }
    }

    private void release(Hold hold) {
        lock.lock();
        try {
            if (hold.closed) {
                return;
            }
            hold.closed = true;
            holds--;
        } finally {
            lock.unlock();
        }
        deactivateIfUnused("operation finished");
    }

    private void deactivateIfUnused(String why) {
        int depth;
        lock.lock();
        try {
            if (!active || operatorOn || holds > 0) {
                return;
            }
            active = false;
            reason = null;
            holdReason = null;
            since = null;
            depth = held.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        listener.changed("off", why + ": releasing " + depth + " held write(s)");
    }

    public State state() {
        lock.lock();
        try {
            return new State(active, reason, since, held.size(), capacity, maxWait.toSeconds(), admitted);
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
                admitted++;
                current.set(PASSED);
                return;
            }
            if (held.size() >= capacity) {
                overflow = operation + ": " + held.size() + " write(s) already held";
            } else {
                Ticket ticket = new Ticket();
                held.addLast(ticket);
                awaitTurn(ticket, operation);
                held.removeFirst();
                admitted++;
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
            admitted--;
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

    private RetryLaterException unavailable(String detail) {
        return new RetryLaterException(detail, retryAfter);
    }
}
