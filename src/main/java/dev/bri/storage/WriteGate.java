package dev.bri.storage;

/**
 * Consulted by {@link Database#write} before a write takes the writer lock. The resilience package's maintenance mode
 * implements it to hold writes while maintenance (a restore) runs; without one, writes pass straight through.
 */
public interface WriteGate {

    /**
     * Returns when the write may proceed; throws (a {@code RetryLaterException}) when it must not.
     * Must be called before the writer lock is taken, and {@link #afterWrite} must follow in a finally block.
     */
    void beforeWrite(String operation);

    default void afterWrite(String operation) {
    }

    /**
     * True while writes are being held: background work that can wait for a later moment should not queue behind
     * clients' writes then.
     */
    default boolean holding() {
        return false;
    }
}
