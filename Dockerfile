# mixup-service container image.
#
# Build the fat jar first, then the image (the build context is only that jar, see .dockerignore):
#   ./mvnw -B package -DskipTests
#   docker build -t mixup-service:dev .
# Run:
#   docker run -p 8080:8080 -v mixup-data:/data mixup-service:dev
#
# No registry access is needed when BASE_IMAGE is present locally (never pass --pull then).
ARG BASE_IMAGE=eclipse-temurin:25-jre

# ---- stage 1: split the Spring Boot fat jar into layers (dependencies change rarely, the app often)
FROM ${BASE_IMAGE} AS layers
WORKDIR /build
ARG JAR_FILE=target/mixup-service-*.jar
COPY ${JAR_FILE} application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# ---- stage 2: the runtime image
FROM ${BASE_IMAGE}
ARG BASE_IMAGE
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=""

LABEL org.opencontainers.image.title="mixup-service" \
      org.opencontainers.image.description="Stores ML training datasets and serves reproducible mixup batches as NumPy payloads over HTTP" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.vendor="dev.mixup" \
      org.opencontainers.image.base.name="${BASE_IMAGE}"

# Fixed numeric uid/gid (Kubernetes runAsNonRoot can only verify a numeric USER).
# /data is the only place the service writes (datasets + session state); owned by that user so a
# fresh named volume or an fsGroup-managed PVC is writable.
RUN groupadd --gid 10001 mixup \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin mixup \
 && mkdir -p /data \
 && chown 10001:10001 /data \
 && chmod 0750 /data

WORKDIR /application
# One COPY per layer, least to most frequently changing, so a code change only ships the last one.
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./

# JVM defaults for containers. The heap is small and fixed as a share of the container's memory
# limit (initial = max: no resizing): datasets are memory-mapped and live in the page cache, not
# in the heap, so most of the limit is left to the kernel. Fail fast on OOM so the orchestrator
# restarts the container instead of leaving a half-dead JVM.
# These sit in JAVA_TOOL_OPTIONS on purpose: flags in JDK_JAVA_OPTIONS are applied after them and
# win, so `-e JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=50` (or the chart's jvmOptions) overrides one
# flag without restating the rest.
ENV JAVA_TOOL_OPTIONS="-XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=25 -XX:+ExitOnOutOfMemoryError" \
    MIXUP_DATA_DIR=/data \
    SERVER_PORT=8080 \
    MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true

VOLUME ["/data"]
EXPOSE 8080
USER 10001:10001

HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT}/actuator/health/liveness" || exit 1

# exec form: java is PID 1 and receives SIGTERM directly (Spring Boot then shuts down gracefully).
ENTRYPOINT ["java", "-jar", "/application/application.jar"]
