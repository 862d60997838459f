package dev.bri;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server process for tests. State lives in system properties (pid, port) because the test resource and
 * the tests may run in different class loaders of the same JVM.
 */
public final class RedisProcess {

    private static final String PORT = "redis.test.port";
    private static final String PID = "redis.test.pid";

    private RedisProcess() {
    }

    public static int port() {
        return Integer.parseInt(System.getProperty(PORT));
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts redis-server on {@code port} (no persistence) and waits until it answers PING. */
    public static synchronized int start(int port) {
        try {
            Path log = Files.createTempFile("redis-" + port, ".log");
            Process p = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            System.setProperty(PORT, String.valueOf(port));
            System.setProperty(PID, String.valueOf(p.pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!"+PONG".equals(command("PING"))) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw new IllegalStateException("redis-server did not start: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
            return port;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** kill -9: the server and its (unpersisted) data are gone. */
    public static synchronized void kill() {
        String pid = System.getProperty(PID);
        if (pid == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        System.clearProperty(PID);
    }

    /** A fresh, empty server on the same port. */
    public static void restart() {
        kill();
        start(port());
    }

    /** SIGSTOP / SIGCONT: the server keeps its connections and data but answers nothing (a hung Redis). */
    public static void freeze() {
        signal("STOP");
    }

    public static void thaw() {
        signal("CONT");
    }

    private static void signal(String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, System.getProperty(PID)).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One inline command over a raw socket (no client library): the reply's first line, or null if unreachable. */
    public static String command(String... args) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 500);
            s.setSoTimeout(2000);
            StringBuilder req = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a)
                        .append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }
}
