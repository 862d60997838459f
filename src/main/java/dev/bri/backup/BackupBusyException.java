package dev.bri.backup;

/** Another backup or restore holds the backup directory; carries its id for the 409. */
public class BackupBusyException extends RuntimeException {

    private final String runningId;

    public BackupBusyException(String runningId) {
        super("a backup or restore is already running: " + runningId, null, false, false);
        this.runningId = runningId;
    }

    public String runningId() {
        return runningId;
    }
}
