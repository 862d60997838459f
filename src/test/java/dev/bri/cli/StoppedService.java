package dev.bri.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** The files of a stopped service (a data and a backup directory under a test's temporary folder) and the CLI on them. */
record StoppedService(Path data, Path backups) {

    static StoppedService in(Path tmp) throws Exception {
        StoppedService service = new StoppedService(tmp.resolve("data"), tmp.resolve("backups"));
        Files.createDirectories(service.data);
        return service;
    }

    String url() {
        return "jdbc:sqlite:" + data.resolve("bri.db");
    }

    void sql(String... statements) throws Exception {
        try (Connection c = new SQLiteConfig().createConnection(url()); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    long scalar(String query) throws Exception {
        try (Connection c = new SQLiteConfig().createConnection(url());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code bri} with these arguments and this service's {@code --data-dir} and {@code --backup-dir}. */
    int cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = data.toString();
        all[args.length + 2] = "--backup-dir";
        all[args.length + 3] = backups.toString();
        return BriCli.run(all);
    }
}
