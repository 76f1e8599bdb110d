package dev.mixup.web;

import dev.mixup.dataset.DiskSpace;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

/**
 * Spring Boot's multipart resolver (same settings), which first checks that a body of the declared
 * Content-Length fits on the data directory's disk: the container spools parts there before any
 * controller runs, and a body that cannot fit is refused with {@code 507} before a byte is written.
 */
@Component("multipartResolver")
class SpaceCheckingMultipartResolver extends StandardServletMultipartResolver {

    private final DiskSpace disk;
    private final long maxRequestBytes;

    SpaceCheckingMultipartResolver(DiskSpace disk, MultipartProperties properties) {
        this.disk = disk;
        this.maxRequestBytes = properties.getMaxRequestSize().toBytes();
        setResolveLazily(properties.isResolveLazily());
        setStrictServletCompliance(properties.isStrictServletCompliance());
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
