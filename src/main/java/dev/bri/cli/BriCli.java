package dev.bri.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root of the operator command line; subcommands are registered here. */
@Command(name = "bri-context", mixinStandardHelpOptions = true, versionProvider = BriCli.Version.class, description = "bri-context operator commands. Without arguments the service starts.", subcommands = {
        CommandLine.HelpCommand.class, BackupCommand.class, HealthCommand.class,
        KeysCommand.class, MigrateCommand.class, RetentionCommand.class})
public final class BriCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int run(String... args) {
        return new CommandLine(new BriCli()).execute(args);
    }

    /** The artifact's version, recorded in backups taken by the CLI. */
    public static String version() {
        String version = BriCli.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BriCli.class.getPackage().getImplementationVersion();
            return new String[]{"bri-context " + (version == null ? "dev" : version)};
        }
    }
}
