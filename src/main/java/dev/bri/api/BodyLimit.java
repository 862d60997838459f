package dev.bri.api;

import dev.bri.io.CountingInputStream;
import jakarta.inject.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * Holds {@code bri.api.max-body-bytes} on the bytes actually read, so a body sent without {@code Content-Length}
 * (chunked) is refused once it passes the limit, before the endpoint runs and so before anything is written.
 * {@link HttpLimits} refuses a declared length up front; this covers the rest.
 */
@jakarta.ws.rs.ext.Provider
public class BodyLimit implements ReaderInterceptor {

    /** Quarkus REST creates its interceptors while it starts, before run-time configuration is there. */
    private final Provider<ApiConfig> config;

    public BodyLimit(Provider<ApiConfig> config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        long limit = config.get().maxBodyBytes();
        context.setInputStream(new CountingInputStream(context.getInputStream(), (read, closed) -> {
            if (read > limit) {
                throw tooLarge(limit);
            }
        }));
        return context.proceed();
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "request body of more than " + limit
                + " bytes exceeds the limit of " + limit + " bytes");
    }
}
