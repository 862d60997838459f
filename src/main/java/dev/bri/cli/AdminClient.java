package dev.bri.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Minimal JSON client of the admin API (java.net.http: no extra dependency, native-friendly). */
final class AdminClient {

    record Reply(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The service runs on PostgreSQL and refuses a SQLite-only operation (backups, restores). */
        boolean notOnThisEngine() {
            return body != null && "urn:bri:problem:not-on-this-engine".equals(body.path("type").asText());
        }

        /** The problem's detail, or the raw body. */
        String detail() {
            if (body != null && body.hasNonNull("detail")) {
                return body.get("detail").asText();
            }
            return body == null ? "HTTP " + status : body.toString();
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    AdminClient(String url, String token, Duration timeout) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    Reply post(String path, Object body) throws IOException, InterruptedException {
        String json = body == null ? "{}" : JSON.writeValueAsString(body);
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * {@link #post}, calling {@code tick} every {@code every} while the service works on the request (to show that
     * the CLI waits, and for what).
     */
    Reply postWatching(String path, Object body, Duration every, Watcher tick)
            throws IOException, InterruptedException {
        String json = body == null ? "{}" : JSON.writeValueAsString(body);
        var pending = http.sendAsync(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        while (true) {
            try {
                return reply(pending.get(every.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                tick.tick();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e);
            }
        }
    }

    /** Called while a watched request runs. */
    interface Watcher {
        void tick() throws IOException, InterruptedException;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        return reply(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static Reply reply(HttpResponse<String> response) {
        JsonNode body = null;
        if (!response.body().isBlank()) {
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                body = JSON.getNodeFactory().textNode(response.body());
            }
        }
        return new Reply(response.statusCode(), body);
    }
}
