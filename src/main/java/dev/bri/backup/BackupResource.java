package dev.bri.backup;

import dev.bri.domain.InvalidInputException;
import dev.bri.domain.NotFoundException;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API of backups and restore; the bearer token is enforced by dev.bri.security.AuthFilter for all of /admin. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operator endpoints (bearer token)")
public class BackupResource {

    private static final Set<String> CLIENT_TRIGGERS = Set.of("api", "cli", "job");

    private final BackupService backups;
    private final RestoreService restores;

    public BackupResource(BackupService backups, RestoreService restores) {
        this.backups = backups;
        this.restores = restores;
    }

    /** Body of {@code POST /admin/backups}; every field optional. {@code trigger}: api (default), cli or job. */
    public record CreateRequest(Boolean verify, Boolean cleanup, String trigger) {
    }

    public record BackupList(int count, List<BackupMetadata> backups, List<Verification> problems) {
    }

    public record VerifyAll(int passed, int failed, List<Verification> results) {
    }

    @POST
    @Path("/backups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Take a backup now (409 with the running backup's id if one is running)")
    public Response create(CreateRequest request) {
        CreateRequest r = request == null ? new CreateRequest(null, null, null) : request;
        String trigger = r.trigger() == null ? "api" : r.trigger();
        if (!CLIENT_TRIGGERS.contains(trigger)) {
            throw new InvalidInputException("trigger", "must be one of api, cli, job");
        }
        BackupService.Created created = backups.create(trigger, Boolean.TRUE.equals(r.verify()),
                Boolean.TRUE.equals(r.cleanup()));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Path("/backups")
    @Operation(summary = "Backups, newest first, and files in the backup directory that are not valid backups")
    public BackupList list() {
        List<BackupMetadata> all = backups.list();
        return new BackupList(all.size(), all, backups.problems());
    }

    @GET
    @Path("/backups/{id}")
    @Operation(summary = "One backup's metadata")
    public BackupMetadata get(
            @PathParam("id") @Pattern(regexp = BackupId.REGEX, message = BackupId.MESSAGE) String id) {
        return backups.find(new BackupId(id)).orElseThrow(() -> new NotFoundException("backup " + id));
    }

    @POST
    @Path("/backups/{id}/verify")
    @Operation(summary = "Verify one backup: checksum, decompress, open, integrity_check, row counts")
    public Verification verify(
            @PathParam("id") @Pattern(regexp = BackupId.REGEX, message = BackupId.MESSAGE) String id) {
        BackupId backupId = new BackupId(id);
        boolean known = backups.find(backupId).isPresent()
                || backups.problems().stream().anyMatch(p -> p.id().equals(id));
        if (!known) {
            throw new NotFoundException("backup " + id);
        }
        return backups.verify(backupId);
    }

    @POST
    @Path("/backups/verify")
    @Operation(summary = "Verify every backup; files without metadata are reported failed")
    public VerifyAll verifyAll() {
        List<Verification> results = backups.verifyAll();
        int passed = (int) results.stream().filter(Verification::passed).count();
        return new VerifyAll(passed, results.size() - passed, results);
    }

    @DELETE
    @Path("/backups/{id}")
    @Operation(summary = "Delete one backup (the newest verified one only with force=true)")
    public Response delete(@PathParam("id") @Pattern(regexp = BackupId.REGEX, message = BackupId.MESSAGE) String id,
            @QueryParam("force") boolean force) {
        backups.delete(new BackupId(id), force);
        return Response.noContent().build();
    }

    @POST
    @Path("/backups/cleanup")
    @Operation(summary = "Apply the retention rules now")
    public List<String> cleanup() {
        return backups.cleanup();
    }

    @POST
    @Path("/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restore by backup_id, latest=true or at=<time>; dry_run=true only reports")
    public RestoreService.Report restore(RestoreService.Request request) {
        if (request == null) {
            throw new InvalidInputException("backup_id", "give exactly one of backup_id, latest=true or at");
        }
        return restores.restore(request, "api");
    }
}
