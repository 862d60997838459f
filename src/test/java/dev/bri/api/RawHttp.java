package dev.bri.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests ordinary clients refuse to send (chunked bodies of a chosen size,
 * oversized request lines and headers, a Content-Length that lies). The body is written on its own thread so that a
 * server that answers before reading everything is heard.
 */
public final class RawHttp {

    /** The parsed response: status, headers with lower-case names, body as text. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes the request's body part by part. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private RawHttp() {
    }

    public static Reply send(int port, String head, Body body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread writer = null;
            if (body != null) {
                writer = new Thread(() -> {
                    try {
                        body.writeTo(out);
                        out.flush();
                    } catch (IOException e) {
                        // the server closed the connection after answering: expected for refused bodies
                    }
                }, "raw-http-body");
                writer.start();
            }
            Reply reply = read(socket.getInputStream());
            if (writer != null) {
                socket.close();
                writer.join();
            }
            return reply;
        }
    }

    /** A chunked body of about {@code bytes} bytes: a JSON batch whose one caption text fills it. */
    public static Body chunkedBatch(long bytes) {
        return out -> {
            chunk(out, ("{\"items\":[{\"id\":\"big\",\"type\":\"caption\",\"start\":1,\"data\":{\"frame_timestamp\":1,"
                    + "\"text\":\"").getBytes(StandardCharsets.US_ASCII));
            byte[] piece = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (long sent = 0; sent < bytes; sent += piece.length) {
                chunk(out, bytes - sent >= piece.length ? piece : java.util.Arrays.copyOf(piece, (int) (bytes - sent)));
            }
            chunk(out, "\"},\"source\":{\"tool\":\"t\"}}]}".getBytes(StandardCharsets.US_ASCII));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        Map<String, String> headers = new LinkedHashMap<>();
        int status = -1;
        long length = -1;
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                raw.write(buffer, 0, n);
                String text = raw.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    String[] lines = text.substring(0, headEnd).split("\r\n");
                    status = Integer.parseInt(lines[0].split(" ")[1]);
                    for (int i = 1; i < lines.length; i++) {
                        int colon = lines[i].indexOf(':');
                        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                lines[i].substring(colon + 1).trim());
                    }
                    length = headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : -1;
                }
                if (headEnd >= 0 && length >= 0 && raw.size() >= headEnd + 4 + length) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // whatever arrived is the answer
        }
        if (status < 0) {
            throw new IOException("no HTTP response; received: " + raw.toString(StandardCharsets.ISO_8859_1));
        }
        String body = raw.toString(StandardCharsets.UTF_8).substring(headEnd + 4);
        return new Reply(status, headers, body);
    }
}
