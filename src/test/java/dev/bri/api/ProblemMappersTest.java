package dev.bri.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bri.domain.BrokenStateException;
import dev.bri.domain.ConflictException;
import dev.bri.domain.InvalidInputException;
import dev.bri.domain.NotFoundException;
import dev.bri.domain.RetryLaterException;
import dev.bri.domain.UnavailableException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The domain errors repositories and services throw are answered with exactly the problem documents (status, type,
 * title, detail, field errors, Retry-After) the HTTP errors they replaced produced.
 */
class ProblemMappersTest {

    private static final java.util.logging.Logger MAPPER_LOG = java.util.logging.Logger.getLogger(
            ProblemMappers.class.getName());
    private static java.util.logging.Level level;

    /** Outside Quarkus the log manager writes plain lines into the test log file other tests parse as JSON. */
    @BeforeAll
    static void quiet() {
        level = MAPPER_LOG.getLevel();
        MAPPER_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    @AfterAll
    static void restore() {
        MAPPER_LOG.setLevel(level);
    }

    private final ProblemMappers mappers = new ProblemMappers(new ObjectMapper());
    private final ContainerRequestContext request = request("/api/v1/videos/v1");

    @Test
    void notFoundIsA404WithTheThingNamed() {
        Response response = mappers.notFound(new NotFoundException("video 'v1'"), request);
        assertSame(response, mappers.api(new ApiException(ProblemType.NOT_FOUND, "video 'v1' not found"), request));
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(body(response)).contains("\"type\":\"urn:bri:problem:not-found\"")
                .contains("\"detail\":\"video 'v1' not found\"").contains("\"title\":\"Resource not found\"");
    }

    @Test
    void conflictIsA409() {
        Response response = mappers.conflict(new ConflictException("another backup is running"), request);
        assertSame(response, mappers.api(new ApiException(ProblemType.CONFLICT, "another backup is running"),
                request));
        assertThat(response.getStatus()).isEqualTo(409);
    }

    @Test
    void invalidInputIsA400NamingEveryField() {
        Response response = mappers.invalid(new InvalidInputException(List.of(
                new InvalidInputException.FieldError("items[0].start", "must be a finite number of seconds >= 0"),
                new InvalidInputException.FieldError("items[1].id", "appears more than once"))), request);
        assertSame(response, mappers.api(new ApiException(ProblemType.VALIDATION, "2 invalid field(s)", List.of(
                new Problem.FieldError("items[0].start", "must be a finite number of seconds >= 0"),
                new Problem.FieldError("items[1].id", "appears more than once")), null), request));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(body(response)).contains("items[1].id").contains("2 invalid field(s)");
    }

    @Test
    void retryLaterIsA503WithRetryAfterWhenKnown() {
        Response response = mappers.retryLater(new RetryLaterException("maintenance in progress", Duration.ofSeconds(
                7)), request);
        assertSame(response, mappers.api(new ApiException(ProblemType.SERVICE_UNAVAILABLE,
                "maintenance in progress", null, Duration.ofSeconds(7)), request));
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");

        Response unknown = mappers.retryLater(new RetryLaterException("restore failed: disk", null), request);
        assertThat(unknown.getStatus()).isEqualTo(503);
        assertThat(unknown.getHeaderString("Retry-After")).isNull();
    }

    @Test
    void databaseUnavailableKeepsItsOwnRetryAfterOrFiveSeconds() {
        Response given = mappers.unavailable(new UnavailableException("not cached", Duration.ofSeconds(12)),
                request);
        assertSame(given, mappers.api(new ApiException(ProblemType.DATABASE_UNAVAILABLE, "not cached", null,
                Duration.ofSeconds(12)), request));
        assertThat(mappers.unavailable(new UnavailableException("locked"), request).getHeaderString(
                "Retry-After")).isEqualTo("5");
    }

    @Test
    void brokenStateIsA500ThatKeepsItsDetail() {
        Response response = mappers.broken(new BrokenStateException("rollback failed: safety-1 unreadable"),
                request);
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(body(response)).contains("rollback failed: safety-1 unreadable");
    }

    @Test
    void aDomainErrorWrappedByAnotherLayerIsStillAnsweredAsItself() {
        Response response = mappers.unexpected(new IllegalStateException("wrapped", new NotFoundException(
                "backup b1")), request);
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(body(response)).contains("backup b1 not found");
    }

    private static void assertSame(Response actual, Response expected) {
        assertThat(actual.getStatus()).isEqualTo(expected.getStatus());
        assertThat(body(actual)).isEqualTo(body(expected));
        assertThat(actual.getHeaderString("Retry-After")).isEqualTo(expected.getHeaderString("Retry-After"));
        assertThat(actual.getMediaType()).isEqualTo(expected.getMediaType());
    }

    private static String body(Response response) {
        return new String((byte[]) response.getEntity(), StandardCharsets.UTF_8);
    }

    private static ContainerRequestContext request(String path) {
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[]{UriInfo.class},
                (proxy, method, args) -> method.getName().equals("getRequestUri")
                        ? URI.create("http://localhost" + path)
                        : null);
        return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                new Class<?>[]{ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "req-1";
                    case "getUriInfo" -> uri;
                    case "getMethod" -> "GET";
                    default -> null;
                });
    }
}
