package dev.bri.archive;

import dev.bri.backup.BackupMetadata;
import dev.bri.backup.PointInTimeSource;
import dev.bri.domain.ConflictException;
import dev.bri.domain.NotFoundException;
import dev.bri.domain.RetryLaterException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code POST /admin/restore {"at": ...}}: plans a restore to a time from the archive; the restore itself runs
 * through {@code RestoreService} and the shared {@code RestoreProcedure}. A time no archive covers is refused with
 * the newest snapshot before it named, never silently replaced by it; a gap is refused with the missing range.
 */
@ApplicationScoped
public class PointInTimeRestoreService implements PointInTimeSource {

    private final ArchiveService archive;

    public PointInTimeRestoreService(ArchiveService archive) {
        this.archive = archive;
    }

    @Override
    public Prepared prepare(Instant at) {
        PointInTime pitr = archive.pointInTime();
        if (!archive.config().enabled() && archive.store().chains().isEmpty()) {
            throw notCovered("WAL archiving is off (bri.backup.archive.enabled=false), so no archive covers "
                    + (at == null ? "the newest state" : at.toString()), pitr.newestSnapshotBefore(at));
        }
        try {
            PointInTime.Plan plan = pitr.plan(at);
            return new Prepared(PointInTime.describe(plan), pitr.source(plan), () -> pitr.verify(plan));
        } catch (PointInTime.NotCoveredException e) {
            throw NotFoundException.withDetail(e.getMessage() + e.newestSnapshotBefore()
                    .map(b -> "; to restore that snapshot: {\"backup_id\":\"" + b.id() + "\"}").orElse(""));
        } catch (PointInTime.GapException e) {
            throw new ConflictException("refused: " + e.getMessage());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RetryLaterException("cannot read the archive: " + e.getMessage(), null);
        }
    }

    private static NotFoundException notCovered(String message, Optional<BackupMetadata> snapshot) {
        String offer = snapshot.map(b -> "; the newest snapshot before it is " + b.id() + " (taken " + b.createdAt()
                + "): restore it with {\"backup_id\":\"" + b.id() + "\"}").orElse("");
        return NotFoundException.withDetail(message + offer);
    }
}
