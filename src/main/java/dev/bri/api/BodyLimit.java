package dev.bri.api;

import jakarta.inject.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

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
        context.setInputStream(new Limited(context.getInputStream(), config.get().maxBodyBytes()));
        return context.proceed();
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "request body of more than " + limit
                + " bytes exceeds the limit of " + limit + " bytes");
    }

    /** Counts what the reader takes and fails the read that goes past the limit. */
    static final class Limited extends FilterInputStream {

        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
