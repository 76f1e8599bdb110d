package dev.mixup.web;

import dev.mixup.dataset.DataDirectory;
import dev.mixup.dataset.DiskSpace;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

/**
 * The container spools multipart parts to disk before any controller runs. They go to
 * {@code tmp/} of the data directory (an absolute path: the container would put a relative one
 * under its own temporary directory), so a part can be moved into a dataset instead of copied, and
 * a body whose declared length does not fit on that disk is refused with {@code 507} before a byte is
 * spooled. Spring Boot's {@code spring.servlet.multipart.*} settings apply as usual.
 */
@Configuration(proxyBeanMethods = false)
class MultipartSpooling {

    @Bean
    MultipartConfigElement multipartConfigElement(MultipartProperties properties, DataDirectory directory) {
        return new MultipartConfigElement(directory.tmp().toString(), properties.getMaxFileSize().toBytes(),
                properties.getMaxRequestSize().toBytes(), (int) properties.getFileSizeThreshold().toBytes());
    }

    @Bean
    MultipartResolver multipartResolver(MultipartProperties properties, DiskSpace disk) {
        SpaceCheckingResolver resolver = new SpaceCheckingResolver(disk, properties.getMaxRequestSize().toBytes());
        resolver.setResolveLazily(properties.isResolveLazily());
        resolver.setStrictServletCompliance(properties.isStrictServletCompliance());
        return resolver;
    }

    private static final class SpaceCheckingResolver extends StandardServletMultipartResolver {

        private final DiskSpace disk;
        private final long maxRequestBytes;

        SpaceCheckingResolver(DiskSpace disk, long maxRequestBytes) {
            this.disk = disk;
            this.maxRequestBytes = maxRequestBytes;
        }

        @Override
        public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) {
            long length = request.getContentLengthLong();
            // a body over the upload limit gets the container's 413, which says more than a 507
            if (length > 0 && (maxRequestBytes < 0 || length <= maxRequestBytes)) {
                disk.check(length, "the multipart upload");
            }
            return super.resolveMultipart(request);
        }
    }
}
