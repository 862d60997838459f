package dev.bri.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.bri.domain.BrokenStateException;
import dev.bri.domain.ConflictException;
import dev.bri.domain.InvalidInputException;
import dev.bri.domain.NotFoundException;
import dev.bri.domain.NotOnThisEngineException;
import dev.bri.domain.RetryLaterException;
import dev.bri.domain.UnavailableException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/** Turns every failure into an RFC 9457 problem document; nothing leaves as a bare 500 or an HTML page. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final Duration DATABASE_RETRY = Duration.ofSeconds(5);

    private final ObjectMapper mapper;
    /** Built from Quarkus REST's deployment on the first unmatched request; the deployment never changes after. */
    private volatile RouteTable routes;

    public ProblemMappers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response api(ApiException e, ContainerRequestContext request) {
        return respond(e.type(), e.getMessage(), e.errors(), e.retryAfter(), request);
    }

    @ServerExceptionMapper
    public Response violations(ResteasyReactiveViolationException e, ContainerRequestContext request) {
        if (e.getConstraintViolations().stream().anyMatch(v -> isReturnValue(v.getPropertyPath()))) {
            return unexpected(e, request);
        }
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .collect(Collectors.toList());
        return respond(ProblemType.VALIDATION, errors.size() + " invalid field(s)", errors, null, request);
    }

    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class})
    public Response malformed(JsonProcessingException e, ContainerRequestContext request) {
        ApiException refused = apiCause(e);
        if (refused != null) {
            // a refusal raised while the body was read (BodyLimit), which the JSON parser wrapped
            return api(refused, request);
        }
        List<Problem.FieldError> errors = null;
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            errors = List.of(new Problem.FieldError(jsonPath(mismatch), describe(mismatch)));
        }
        String detail = e instanceof MismatchedInputException mismatch
                ? describe(mismatch)
                : "body is not valid JSON: " + e.getOriginalMessage();
        return respond(ProblemType.MALFORMED_BODY, detail, errors, null, request);
    }

    @ServerExceptionMapper
    public Response unavailable(UnavailableException e, ContainerRequestContext request) {
        LOG.warnf("database unavailable: %s", e.getMessage());
        return respond(ProblemType.DATABASE_UNAVAILABLE, e.getMessage(), null,
                e.retryAfter() == null ? DATABASE_RETRY : e.retryAfter(), request);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, ContainerRequestContext request) {
        return respond(ProblemType.NOT_FOUND, e.getMessage(), null, null, request);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, ContainerRequestContext request) {
        return respond(ProblemType.CONFLICT, e.getMessage(), null, null, request);
    }

    @ServerExceptionMapper
    public Response notOnThisEngine(NotOnThisEngineException e, ContainerRequestContext request) {
        return respond(ProblemType.NOT_ON_THIS_ENGINE, e.getMessage(), null, null, request);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e, ContainerRequestContext request) {
        List<Problem.FieldError> errors = e.errors().stream()
                .map(error -> new Problem.FieldError(error.field(), error.message()))
                .toList();
        return respond(ProblemType.VALIDATION, e.getMessage(), errors, null, request);
    }

    @ServerExceptionMapper
    public Response retryLater(RetryLaterException e, ContainerRequestContext request) {
        return respond(ProblemType.SERVICE_UNAVAILABLE, e.getMessage(), null, e.retryAfter(), request);
    }

    @ServerExceptionMapper
    public Response broken(BrokenStateException e, ContainerRequestContext request) {
        return respond(ProblemType.INTERNAL, e.getMessage(), null, null, request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        ApiException refused = apiCause(e);
        if (refused != null) {
            return api(refused, request);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json, request);
        }
        if (e instanceof jakarta.ws.rs.NotFoundException && e.getCause() instanceof IllegalArgumentException) {
            // JAX-RS reports an unconvertible path or query parameter as 404; it is the client's malformed input
            return respond(ProblemType.VALIDATION, "a parameter has the wrong format: " + e.getCause().getMessage(),
                    null, null, request);
        }
        if (e instanceof jakarta.ws.rs.NotFoundException || e instanceof jakarta.ws.rs.NotAllowedException) {
            Set<String> allowed = allowed(request);
            if (!allowed.isEmpty()) {
                Response response = respond(ProblemType.METHOD_NOT_ALLOWED, request.getMethod() + " is not served on "
                        + "this path; allowed: " + String.join(", ", allowed), null, null, request);
                response.getHeaders().putSingle("Allow", String.join(", ", allowed));
                return response;
            }
        }
        int status = e.getResponse().getStatus();
        ProblemType type = byStatus(status);
        if (type == ProblemType.INTERNAL) {
            return unexpected(e, request);
        }
        return respond(type, e.getMessage(), null, null, request);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        Response known = knownCause(e, request);
        if (known != null) {
            return known;
        }
        LOG.error("unexpected failure", e);
        return respond(ProblemType.INTERNAL, "unexpected error; quote the request id when reporting it", null, null,
                request);
    }

    /** The answer for a known failure that arrived wrapped (by CDI, fault tolerance or a reader), or null. */
    private Response knownCause(Throwable e, ContainerRequestContext request) {
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api(api, request);
            } else if (cause instanceof NotFoundException notFound) {
                return notFound(notFound, request);
            } else if (cause instanceof NotOnThisEngineException other) {
                return notOnThisEngine(other, request);
            } else if (cause instanceof ConflictException conflict) {
                return conflict(conflict, request);
            } else if (cause instanceof InvalidInputException invalid) {
                return invalid(invalid, request);
            } else if (cause instanceof RetryLaterException later) {
                return retryLater(later, request);
            } else if (cause instanceof BrokenStateException broken) {
                return broken(broken, request);
            }
            e = cause;
        }
        return null;
    }

    private static ApiException apiCause(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api;
            }
            e = cause;
        }
        return null;
    }

    /** The methods another route serves on this request's path (empty when the path is unknown). */
    private Set<String> allowed(ContainerRequestContext request) {
        RouteTable table = routes;
        if (table == null) {
            ResteasyReactiveRequestContext context = CurrentRequestManager.get();
            if (context == null) {
                return Set.of();
            }
            table = RouteTable.of(context.getDeployment());
            routes = table;
        }
        return table.allowed(request.getUriInfo().getPath());
    }

    public Response respond(ProblemType type, String detail, List<Problem.FieldError> errors, Duration retryAfter,
            ContainerRequestContext request) {
        Object requestId = request.getProperty(RequestContext.REQUEST_ID);
        Problem problem = new Problem(type.uri(), type.title(), type.status(), detail,
                request.getUriInfo().getRequestUri().getRawPath(), requestId == null ? null : requestId.toString(),
                errors);
        Response.ResponseBuilder response = Response.status(type.status())
                .type(Problem.MEDIA_TYPE)
                .entity(serialize(problem));
        if (retryAfter != null) {
            response.header("Retry-After", Math.max(1, retryAfter.toSeconds()));
        }
        if (type == ProblemType.PAYLOAD_TOO_LARGE) {
            // the rest of the body is never read, so the connection cannot carry another request
            response.header("Connection", "close");
        }
        return response.build();
    }

    private byte[] serialize(Problem problem) {
        try {
            return mapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize problem", e);
        }
    }

    private static ProblemType byStatus(int status) {
        for (ProblemType type : ProblemType.values()) {
            if (type.status() == status) {
                return type;
            }
        }
        return status >= 400 && status < 500 ? ProblemType.VALIDATION : ProblemType.INTERNAL;
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** "put.body.filePath" -> "file_path"; "put.videoId" -> "video_id": the names the client sent. */
    private static String fieldName(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        boolean bodyProperty = false;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.PARAMETER) {
                bodyProperty |= node.getKind() == ElementKind.PROPERTY;
                String name = node.getName();
                if (node.getIndex() != null) {
                    name += "[" + node.getIndex() + "]";
                }
                parts.add(snake(name));
            }
        }
        // a property of a body parameter is named as in the JSON body, without the Java parameter name
        if (bodyProperty && parts.size() > 1) {
            parts.remove(0);
        }
        return parts.isEmpty() ? "request" : String.join(".", parts);
    }

    private static String jsonPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(MismatchedInputException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException invalid) {
            return "value '" + invalid.getValue() + "' is not a valid " + invalid.getTargetType().getSimpleName();
        }
        String target = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
        return "expected " + target + " at '" + jsonPath(e) + "'";
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
