package dev.bri.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the Debian {@code postgresql} package's {@code initdb} and {@code pg_ctl}
 * (under {@code /usr/lib/postgresql/<version>/bin}, or {@code BRI_TEST_PG_BIN}), in a temporary directory, on a free
 * port of 127.0.0.1: never the machine's own server. As root it runs as the {@code postgres} user ({@code initdb}
 * refuses root).
 *
 * <p>Password authentication over TCP (scram-sha-256, user {@value #USER}, password {@value #PASSWORD}), so a wrong
 * password is really refused. Durability settings are the defaults except {@code fsync=off}: a killed server loses
 * nothing committed (the operating system still holds the pages), which is what these tests kill.
 *
 * <p>Faults are real: {@link #kill()} is SIGKILL of the postmaster and every backend (a crash, with crash recovery on
 * the next start), {@link #stop()} a fast shutdown, {@link #start()} brings it back on the same port and data.
 *
 * <p>The server is described by its directory and port only, so a test in another class loader of the same JVM
 * (Quarkus' test resources) can {@link #attach} to it.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "bri";
    public static final String PASSWORD = "bri-test-password";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final int port;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The directory of {@code initdb} and {@code pg_ctl}, if PostgreSQL is installed here. */
    public static Optional<Path> binaries() {
        String configured = System.getenv("BRI_TEST_PG_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured, "pg_ctl"))) {
            return Optional.of(Path.of(configured));
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new cluster in a new temporary directory, started on a free port. */
    public static PostgresServer create() {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (initdb, pg_ctl): apt-get install postgresql, or set BRI_TEST_PG_BIN"));
        try {
            Path dir = Files.createTempDirectory("bri-pg-");
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, PASSWORD + "\n");
            chownToServerUser(dir);
            run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                    "--pwfile=" + pwfile, "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync"), dir);
            PostgresServer server = new PostgresServer(dir, freePort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server a {@link #create} in this JVM (any class loader) made, by directory and port. */
    public static PostgresServer attach(Path dir, int port) {
        return new PostgresServer(dir, port);
    }

    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new, empty database named after {@code prefix}; returns its name. */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return name;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    /** Starts the server (again) on its port and waits until it accepts connections. */
    public synchronized void start() {
        Path bin = binaries().orElseThrow();
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300",
                "start"), dir);
    }

    /** A fast shutdown: open transactions are rolled back, clients disconnected, committed data kept. */
    public synchronized void stop() {
        if (!running()) {
            return;
        }
        Path bin = binaries().orElseThrow();
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                "stop"), dir);
    }

    /** SIGKILL of the postmaster and all its processes: a crash. {@link #start()} recovers from the WAL. */
    public synchronized void kill() {
        postmaster().ifPresent(pm -> {
            List<ProcessHandle> children = new ArrayList<>(pm.children().toList());
            pm.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            pm.onExit().join();
            children.forEach(c -> c.onExit().join());
        });
    }

    public boolean running() {
        return postmaster().isPresent();
    }

    private Optional<ProcessHandle> postmaster() {
        Path pidFile = dir.resolve("data/postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile).get(0).trim();
            return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stops the server at once and deletes its directory. */
    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the OS
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void chownToServerUser(Path dir) {
        if (root()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir);
        }
    }

    /** Runs a command (as {@code postgres} when root) and fails with its output if it fails. */
    private static void run(List<String> command, Path dir) {
        List<String> full = new ArrayList<>();
        if (root() && !command.get(0).equals("chown")) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Path out = Files.createTempFile("bri-pg-cmd", ".log");
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile())
                    .directory(dir.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            String output = Files.readString(out);
            Files.deleteIfExists(out);
            if (p.exitValue() != 0) {
                String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
                throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", full) + "\n"
                        + output + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
