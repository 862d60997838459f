package dev.bri;

import dev.bri.cli.BriCli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, two modes: with arguments it is the operator CLI (runs and exits without booting the server);
 * without arguments it starts the service.
 */
@QuarkusMain
public final class Main {

    Main() {
    }

    /** Read by Quarkus when it builds its HTTP root handler; surefire sets it for @QuarkusTest runs too (pom.xml). */
    public static final String URI_VALIDATION_OFF = "vertx.disableURIValidation";

    public static void main(String... args) {
        if (args.length > 0) {
            System.exit(BriCli.run(args));
        }
        // Quarkus' root handler answers a request target java.net.URI rejects with a bare 400 before any route runs;
        // with its check off, dev.bri.api.HttpLimits makes the same check first and answers with a problem document.
        System.setProperty(URI_VALIDATION_OFF, "true");
        Quarkus.run(args);
    }
}
