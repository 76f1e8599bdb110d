package dev.mixup.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

import dev.mixup.MixupProperties;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Every {@code @RequestBody} is read through a stream that stops after {@code mixup.max-json-bytes}, whatever
 * the {@code Content-Length} says (or whether there is one), so a huge body is refused before it is parsed
 * into objects that could fill the heap. Dataset uploads are raw streams that bypass this; their own limit is
 * {@code mixup.max-upload-bytes}.
 */
@ControllerAdvice
class JsonBodyLimit extends RequestBodyAdviceAdapter {

    private final long limit;

    JsonBodyLimit(MixupProperties properties) {
        this.limit = properties.maxJsonBytes().toBytes();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        if (input.getHeaders().getContentLength() > limit) {
            throw new RequestBodyTooLargeException(limit);
        }
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() throws IOException {
                return new BoundedInputStream(input.getBody(), limit);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    /** Fails the read that would go past {@code limit} bytes. */
    private static final class BoundedInputStream extends FilterInputStream {

        private final long limit;
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
            this.remaining = limit;
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
            // one byte more than allowed tells a body of exactly the limit from a longer one
            int n = super.read(buffer, offset, (int) Math.min(length, remaining + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            remaining -= n;
            if (remaining < 0) {
                throw new RequestBodyTooLargeException(limit);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            // skipped bytes count too
            return n <= 0 ? 0 : Math.max(0, read(new byte[(int) Math.min(n, 8192)]));
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
