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

    public static void main(String... args) {
        if (args.length > 0) {
            System.exit(BriCli.run(args));
        }
        Quarkus.run(args);
    }
}
