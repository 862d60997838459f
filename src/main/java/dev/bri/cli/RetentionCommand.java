package dev.bri.cli;

import java.net.ConnectException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code retention}: what the running service's retention rules would erase now (dry run, the default), or
 * {@code --run} to apply them now. Online only: retention goes through the service's erasure path (ledger, audit,
 * caches).
 */
@Command(name = "retention", mixinStandardHelpOptions = true, description = "Retention of user data on a running service: report what is due (default) or --run it")
public final class RetentionCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = "--run", description = "Erase what is due now (default: dry run, changes nothing)")
    boolean run;

    @Override
    public Integer call() {
        if (!target.remote()) {
            System.err.println("retention needs a running service: pass --url (it erases through the service's "
                    + "erasure ledger and audit log)");
            return Exit.USAGE;
        }
        try {
            AdminClient client = target.client();
            AdminClient.Reply reply = run
                    ? client.post("/admin/retention", null)
                    : client.get("/admin/retention?dry_run=true");
            if (!reply.ok()) {
                System.err.println("failed: HTTP " + reply.status() + ": " + reply.detail());
                return Exit.FAILED;
            }
            System.out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reply.body()));
            return Exit.OK;
        } catch (ConnectException e) {
            System.err.println("failed: service unreachable at " + target.url);
            return Exit.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Exit.FAILED;
        } catch (Exception e) {
            System.err.println("failed: " + e.getMessage());
            return Exit.FAILED;
        }
    }
}
