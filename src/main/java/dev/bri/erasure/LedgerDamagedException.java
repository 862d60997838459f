package dev.bri.erasure;

/** The ledger has a bad record followed by good ones: it cannot say which erasures happened, so nothing relies on it. */
public class LedgerDamagedException extends Exception {

    public LedgerDamagedException(String message) {
        super(message);
    }
}
