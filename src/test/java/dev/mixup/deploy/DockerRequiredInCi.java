package dev.mixup.deploy;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Turns "no Docker" from a skip into a failure when {@code CI=true}.
 *
 * <p>{@code @Testcontainers(disabledWithoutDocker = true)} lets a developer without Docker run
 * {@code ./mvnw verify}; in CI the same skip would be a false green, so there this condition
 * throws instead, which JUnit reports as a failed test class. It must be registered
 * <em>before</em> {@code @Testcontainers} (JUnit evaluates conditions in declaration order and
 * stops at the first that disables).
 */
public final class DockerRequiredInCi implements ExecutionCondition {

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!inCi()) {
            return ConditionEvaluationResult.enabled("not in CI: without Docker these tests are skipped");
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("CI with Docker");
        }
        throw new IllegalStateException("CI=true but no usable Docker daemon: the container tests "
                + "must run in CI, not be skipped (see .ci/ensure-docker.sh)");
    }
}
