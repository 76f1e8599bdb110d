package dev.mixup.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.mixup.MixupProperties;
import dev.mixup.dataset.DatasetStoreProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart in {@code helm/mixup-service}: {@code helm lint --strict}, and {@code helm
 * template} under several value sets with assertions on the parsed manifests. Helm itself runs
 * in-process (helm-java), so no helm binary and no cluster are needed. Surefire runs this class
 * in a JVM of its own (see pom.xml): after Helm has run in it, a JVM no longer answers attach
 * requests, which would slow down later test classes that self-attach.
 */
class HelmChartTests {

    private static final Path CHART = Path.of("helm/mixup-service");
    private static final String RELEASE = "demo";
    private static final String NAMESPACE = "ml";
    private static final String FULLNAME = "demo-mixup-service";

    /** The shared topology: sessions in Redis, datasets in S3 (MinIO here), URL and keys given as values. */
    private static final Map<String, Object> SHARED = Map.of(
            "sessions.store", "redis", "sessions.redis.url", "redis://:pw@redis-master.redis:6379/0",
            "datasets.store", "s3", "datasets.s3.bucket", "mixup", "datasets.s3.prefix", "team-a/",
            "datasets.s3.endpoint", "http://minio.minio:9000", "datasets.s3.pathStyle", true,
            "datasets.s3.region", "eu-west-1", "datasets.s3.accessKeyId", "AKIAMIXUP",
            "datasets.s3.secretAccessKey", "s3cr3t-key");

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void lintsCleanInStrictModeInTheSharedTopology(@TempDir Path dir) throws IOException {
        // helm-java's lint takes no values: lint a copy of the chart whose values.yaml is the shared topology
        Path chart = copyChart(dir);
        Map<String, Object> values = new Yaml().load(Files.readString(chart.resolve("values.yaml")));
        with(SHARED, "replicaCount", 3, "autoscaling.enabled", true, "autoscaling.maxReplicas", 6,
                "cacheVolume.sizeLimit", "40Gi").forEach((path, value) -> put(values, path, value));
        Files.writeString(chart.resolve("values.yaml"), new Yaml().dump(values));

        LintResult lint = new Helm(chart).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultsRunOneHardenedReplicaWithProbesDrainAndAPersistentVolume() {
        Manifests m = render(Map.of());
        assertThat(m.kinds()).containsExactlyInAnyOrder(
                "ServiceAccount", "PersistentVolumeClaim", "Service", "Deployment");
        Map<String, Object> deployment = m.one("Deployment");

        assertThat(at(deployment, "spec.replicas")).isEqualTo(1);
        assertThat(at(deployment, "spec.strategy.type")).isEqualTo("Recreate");

        Map<String, Object> pod = map(deployment, "spec.template.spec");
        assertThat(at(pod, "automountServiceAccountToken")).isEqualTo(false);
        assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(at(pod, "securityContext.runAsUser")).isEqualTo(10001);
        assertThat(at(pod, "securityContext.fsGroup")).isEqualTo(10001);
        assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");

        Map<String, Object> c = container(deployment);
        assertThat(at(c, "image")).isEqualTo("mixup-service:0.1.0");
        assertThat(at(c, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(at(c, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(c, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(at(c, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));

        // one named port, used by every probe and by the Service
        assertThat(at(c, "ports.0.name")).isEqualTo("http");
        assertThat(at(c, "ports.0.containerPort")).isEqualTo(8080);
        assertThat(at(c, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(c, "livenessProbe.httpGet.port")).isEqualTo("http");
        assertThat(at(c, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat(at(c, "readinessProbe.httpGet.port")).isEqualTo("http");
        assertThat(at(c, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        int startupBudget = (int) at(c, "startupProbe.periodSeconds") * (int) at(c, "startupProbe.failureThreshold");
        assertThat(startupBudget).as("seconds the app may take to start").isGreaterThanOrEqualTo(60);

        // graceful drain: preStop sleep, then Spring's graceful shutdown (30 s) within the grace period
        assertThat(at(c, "lifecycle.preStop.exec.command")).isEqualTo(List.of("sleep", "10"));
        assertThat((int) at(pod, "terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(10 + 30);

        assertThat(at(c, "resources.requests.memory")).isEqualTo("1Gi");
        assertThat(at(c, "resources.limits.memory")).isEqualTo("2Gi");

        assertThat(env(c)).containsEntry("MIXUP_DATA_DIR", "/data").doesNotContainKeys("MIXUP_API_KEY",
                "MIXUP_SESSIONS_STORE", "SPRING_DATA_REDIS_URL", "MIXUP_DATASETS_STORE", "AWS_ACCESS_KEY_ID");

        // /data on the chart's PVC, /tmp on an emptyDir (the root filesystem is read-only)
        assertThat(mounts(c)).containsEntry("data", "/data").containsEntry("tmp", "/tmp");
        Map<String, Object> volumes = volumes(deployment);
        assertThat(at(volumes, "data.persistentVolumeClaim.claimName")).isEqualTo(FULLNAME + "-data");
        assertThat(at(volumes, "tmp.emptyDir")).isEqualTo(Map.of());

        Map<String, Object> pvc = m.one("PersistentVolumeClaim");
        assertThat(at(pvc, "metadata.name")).isEqualTo(FULLNAME + "-data");
        assertThat(at(pvc, "metadata.annotations.helm\\.sh/resource-policy")).isEqualTo("keep");
        assertThat(at(pvc, "spec.accessModes")).isEqualTo(List.of("ReadWriteOnce"));
        assertThat(at(pvc, "spec.resources.requests.storage")).isEqualTo("20Gi");
        assertThat(pvc.get("spec")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKey("storageClassName");

        // the Service selects exactly the pods of this release, on the named port
        Map<String, Object> service = m.one("Service");
        assertThat(at(service, "spec.ports.0.targetPort")).isEqualTo("http");
        assertThat(at(service, "spec.ports.0.port")).isEqualTo(80);
        Map<String, Object> podLabels = map(deployment, "spec.template.metadata.labels");
        assertThat(podLabels).containsAllEntriesOf(map(service, "spec.selector"));
        assertThat(at(deployment, "spec.selector.matchLabels")).isEqualTo(at(service, "spec.selector"));
    }

    @Test
    void persistenceOffUsesAnEmptyDirAndCreatesNoClaim() {
        Manifests m = render(Map.of("persistence.enabled", false));
        assertThat(m.kinds()).doesNotContain("PersistentVolumeClaim");
        assertThat(at(volumes(m.one("Deployment")), "data.emptyDir")).isEqualTo(Map.of());
    }

    @Test
    void existingClaimIsMountedAndNoClaimIsCreated() {
        Manifests m = render(Map.of("persistence.existingClaim", "datasets-pvc"));
        assertThat(m.kinds()).doesNotContain("PersistentVolumeClaim");
        assertThat(at(volumes(m.one("Deployment")), "data.persistentVolumeClaim.claimName"))
                .isEqualTo("datasets-pvc");
    }

    @Test
    void claimTakesStorageClassSizeAndAccessModes() {
        Map<String, Object> pvc = render(Map.of("persistence.storageClass", "fast-ssd",
                "persistence.size", "200Gi", "persistence.accessModes[0]", "ReadWriteOncePod",
                "persistence.resourcePolicy", "")).one("PersistentVolumeClaim");
        assertThat(at(pvc, "spec.storageClassName")).isEqualTo("fast-ssd");
        assertThat(at(pvc, "spec.resources.requests.storage")).isEqualTo("200Gi");
        assertThat(at(pvc, "spec.accessModes")).isEqualTo(List.of("ReadWriteOncePod"));
        assertThat(pvc.get("metadata")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKey("annotations");

        Map<String, Object> noDynamic = render(Map.of("persistence.storageClass", "-")).one("PersistentVolumeClaim");
        assertThat(at(noDynamic, "spec.storageClassName")).isEqualTo("");
    }

    @Test
    void apiKeyCreatesASecretWiredAsMixupApiKey() {
        Manifests m = render(Map.of("auth.apiKey", "s3cret"));
        Map<String, Object> secret = m.one("Secret");
        assertThat(at(secret, "metadata.name")).isEqualTo(FULLNAME);
        assertThat(at(secret, "data.api-key")).isEqualTo("czNjcmV0"); // base64("s3cret")

        Map<String, Object> deployment = m.one("Deployment");
        Map<String, Object> apiKey = envVar(container(deployment), "MIXUP_API_KEY");
        assertThat(apiKey).doesNotContainKey("value");
        assertThat(at(apiKey, "valueFrom.secretKeyRef.name")).isEqualTo(at(secret, "metadata.name"));
        assertThat(at(apiKey, "valueFrom.secretKeyRef.key")).isEqualTo("api-key");
        // a changed key rolls the pod
        assertThat((String) at(deployment, "spec.template.metadata.annotations.checksum/secret")).hasSize(64);
    }

    @Test
    void existingSecretIsReferencedAndNoSecretIsCreated() {
        Manifests m = render(Map.of("auth.existingSecret", "mixup-credentials",
                "auth.existingSecretKey", "token", "auth.apiKey", "ignored-when-existing-secret"));
        assertThat(m.kinds()).doesNotContain("Secret");
        Map<String, Object> deployment = m.one("Deployment");
        Map<String, Object> apiKey = envVar(container(deployment), "MIXUP_API_KEY");
        assertThat(at(apiKey, "valueFrom.secretKeyRef.name")).isEqualTo("mixup-credentials");
        assertThat(at(apiKey, "valueFrom.secretKeyRef.key")).isEqualTo("token");
        assertThat(at(deployment, "spec.template.metadata")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("annotations");
    }

    @Test
    void ingressAllowsLargeUploadsAndLongStreams() {
        Manifests m = render(Map.of("ingress.enabled", true, "ingress.className", "nginx",
                "ingress.hosts[0].host", "mixup.example.com", "ingress.hosts[0].paths[0].path", "/",
                "ingress.hosts[0].paths[0].pathType", "Prefix", "ingress.tls[0].secretName", "mixup-tls",
                "ingress.tls[0].hosts[0]", "mixup.example.com"));
        Map<String, Object> ingress = m.one("Ingress");
        assertThat(at(ingress, "spec.ingressClassName")).isEqualTo("nginx");
        Map<String, Object> annotations = map(ingress, "metadata.annotations");
        assertThat(annotations)
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "0")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "off")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "600");
        assertThat(at(ingress, "spec.rules.0.host")).isEqualTo("mixup.example.com");
        assertThat(at(ingress, "spec.rules.0.http.paths.0.backend.service.name")).isEqualTo(at(m.one("Service"), "metadata.name"));
        assertThat(at(ingress, "spec.rules.0.http.paths.0.backend.service.port.number")).isEqualTo(80);
        assertThat(at(ingress, "spec.tls.0.secretName")).isEqualTo("mixup-tls");
    }

    @Test
    void httpRouteTargetsTheService() {
        Map<String, Object> route = render(Map.of("httpRoute.enabled", true)).one("HTTPRoute");
        assertThat(at(route, "spec.rules.0.backendRefs.0.name")).isEqualTo(FULLNAME);
        assertThat(at(route, "spec.rules.0.backendRefs.0.port")).isEqualTo(80);
    }

    @Test
    void serviceMonitorScrapesThePrometheusEndpoint() {
        Manifests m = render(Map.of("metrics.serviceMonitor.enabled", true,
                "metrics.serviceMonitor.labels.release", "kube-prometheus-stack"));
        Map<String, Object> monitor = m.one("ServiceMonitor");
        assertThat(at(monitor, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(at(monitor, "metadata.namespace")).isEqualTo(NAMESPACE);
        assertThat(at(monitor, "metadata.labels.release")).isEqualTo("kube-prometheus-stack");
        assertThat(at(monitor, "spec.endpoints.0.path")).isEqualTo("/actuator/prometheus");
        assertThat(at(monitor, "spec.endpoints.0.port")).isEqualTo(at(m.one("Service"), "spec.ports.0.name"));
        assertThat(at(monitor, "spec.selector.matchLabels")).isEqualTo(at(m.one("Service"), "spec.selector"));
        assertThat(at(monitor, "spec.namespaceSelector.matchNames")).isEqualTo(List.of(NAMESPACE));
    }

    @Test
    void autoscalingCreatesAnHpaAndLeavesReplicasToIt() {
        Manifests m = render(Map.of("autoscaling.enabled", true));
        Map<String, Object> hpa = m.one("HorizontalPodAutoscaler");
        assertThat(at(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
        assertThat(at(hpa, "spec.scaleTargetRef.name")).isEqualTo(at(m.one("Deployment"), "metadata.name"));
        assertThat(at(hpa, "spec.minReplicas")).isEqualTo(1);
        assertThat(at(hpa, "spec.maxReplicas")).as("one pod in the single-pod topology").isEqualTo(1);
        assertThat(at(hpa, "spec.metrics.0.resource.name")).isEqualTo("cpu");
        assertThat(at(m.one("Deployment"), "spec")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("replicas");
        assertThat(m.kinds()).as("no budget for a single pod").doesNotContain("PodDisruptionBudget");
    }

    @Test
    void sharedTopologyRunsReplicasThatRollWithSecretsAnEmptyDirCacheAndABudget() {
        Manifests m = render(with(SHARED, "replicaCount", 3, "cacheVolume.sizeLimit", "40Gi",
                "datasets.cacheBytes", "20GB"));
        assertThat(m.kinds()).containsExactlyInAnyOrder(
                "ServiceAccount", "Secret", "Service", "Deployment", "PodDisruptionBudget");
        Map<String, Object> deployment = m.one("Deployment");

        assertThat(at(deployment, "spec.replicas")).isEqualTo(3);
        assertThat(at(deployment, "spec.strategy.type")).isEqualTo("RollingUpdate");
        assertThat(at(deployment, "spec.strategy.rollingUpdate.maxUnavailable")).isEqualTo(0);
        assertThat(at(deployment, "spec.strategy.rollingUpdate.maxSurge")).isEqualTo(1);

        Map<String, Object> c = container(deployment);
        assertThat(env(c))
                .containsEntry("MIXUP_DATA_DIR", "/data")
                .containsEntry("MIXUP_SESSIONS_STORE", "redis")
                .containsEntry("MIXUP_DATASETS_STORE", "s3")
                .containsEntry("MIXUP_DATASETS_CACHE_BYTES", "20GB")
                .containsEntry("MIXUP_DATASETS_S3_BUCKET", "mixup")
                .containsEntry("MIXUP_DATASETS_S3_PREFIX", "team-a/")
                .containsEntry("MIXUP_DATASETS_S3_ENDPOINT", "http://minio.minio:9000")
                .containsEntry("MIXUP_DATASETS_S3_PATH_STYLE", "true")
                .containsEntry("MIXUP_DATASETS_S3_REGION", "eu-west-1");

        // the URL (it may hold a password) and the keys only in the chart's Secret
        Map<String, Object> secret = m.one("Secret");
        assertThat(at(secret, "metadata.name")).isEqualTo(FULLNAME);
        assertThat(secretValue(secret, envVar(c, "SPRING_DATA_REDIS_URL"))).isEqualTo("redis://:pw@redis-master.redis:6379/0");
        assertThat(secretValue(secret, envVar(c, "AWS_ACCESS_KEY_ID"))).isEqualTo("AKIAMIXUP");
        assertThat(secretValue(secret, envVar(c, "AWS_SECRET_ACCESS_KEY"))).isEqualTo("s3cr3t-key");
        assertThat((String) at(deployment, "spec.template.metadata.annotations.checksum/secret")).hasSize(64);

        // /data is a disposable cache: an emptyDir, no claim
        assertThat(mounts(c)).containsEntry("data", "/data");
        Map<String, Object> data = map(volumes(deployment), "data");
        assertThat(data).doesNotContainKey("persistentVolumeClaim");
        assertThat(at(data, "emptyDir.sizeLimit")).isEqualTo("40Gi");

        Map<String, Object> budget = m.one("PodDisruptionBudget");
        assertThat(at(budget, "apiVersion")).isEqualTo("policy/v1");
        assertThat(at(budget, "spec.maxUnavailable")).isEqualTo(1);
        // a pod that cannot reach Redis or the bucket is not ready: a drain may still evict it
        assertThat(at(budget, "spec.unhealthyPodEvictionPolicy")).isEqualTo("AlwaysAllow");
        assertThat(budget.get("spec")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKey("minAvailable");
        assertThat(at(budget, "spec.selector.matchLabels")).isEqualTo(at(deployment, "spec.selector.matchLabels"));
    }

    @Test
    void sharedTopologyReadsRedisUrlAndS3KeysFromExistingSecrets() {
        Map<String, Object> values = with(SHARED, "replicaCount", 2,
                "sessions.redis.existingSecret", "redis-credentials", "sessions.redis.existingSecretKey", "url",
                "datasets.s3.existingSecret", "minio-credentials", "datasets.s3.accessKeyIdKey", "user",
                "datasets.s3.secretAccessKeyKey", "password");
        Manifests m = render(values);
        assertThat(m.kinds()).as("nothing for the chart to keep").doesNotContain("Secret");
        Map<String, Object> c = container(m.one("Deployment"));
        assertThat(secretRef(envVar(c, "SPRING_DATA_REDIS_URL"))).containsExactly("redis-credentials", "url");
        assertThat(secretRef(envVar(c, "AWS_ACCESS_KEY_ID"))).containsExactly("minio-credentials", "user");
        assertThat(secretRef(envVar(c, "AWS_SECRET_ACCESS_KEY"))).containsExactly("minio-credentials", "password");

        // no keys at all: the AWS SDK's default chain (an IAM role for the service account, ...)
        Map<String, Object> roles = with(SHARED, "datasets.s3.accessKeyId", "", "datasets.s3.secretAccessKey", "");
        assertThat(env(container(render(roles).one("Deployment"))))
                .containsKey("SPRING_DATA_REDIS_URL").doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void sharedTopologyAutoscalesOnCpuUpToItsMaximumWithinABudget() {
        Manifests m = render(with(SHARED, "autoscaling.enabled", true, "autoscaling.minReplicas", 2,
                "autoscaling.maxReplicas", 8, "podDisruptionBudget.minAvailable", "50%"));
        Map<String, Object> hpa = m.one("HorizontalPodAutoscaler");
        assertThat(at(hpa, "spec.minReplicas")).isEqualTo(2);
        assertThat(at(hpa, "spec.maxReplicas")).isEqualTo(8);
        assertThat(at(hpa, "spec.metrics.0.resource.name")).isEqualTo("cpu");
        assertThat(at(hpa, "spec.metrics.0.resource.target.averageUtilization")).isEqualTo(80);
        assertThat(at(m.one("Deployment"), "spec")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("replicas");
        Map<String, Object> budget = m.one("PodDisruptionBudget");
        assertThat(at(budget, "spec.minAvailable")).isEqualTo("50%");
        assertThat(budget.get("spec")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKey("maxUnavailable");

        assertThat(render(with(SHARED, "replicaCount", 1)).kinds()).as("no budget for one replica")
                .doesNotContain("PodDisruptionBudget");
        assertThat(render(with(SHARED, "replicaCount", 3, "podDisruptionBudget.enabled", false)).kinds())
                .doesNotContain("PodDisruptionBudget");
    }

    @Test
    void readmesValuesFileForThreeReplicasOnRedisAndMinioRenders(@TempDir Path dir) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("`mixup-shared.yaml`:\\s*```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("the values file in README's Helm section").isTrue();
        Path values = Files.writeString(dir.resolve("mixup-shared.yaml"), block.group(1));

        Manifests m = new Manifests(template().withValuesFile(values).call());
        assertThat(m.kinds()).contains("PodDisruptionBudget").doesNotContain("PersistentVolumeClaim", "Secret");
        Map<String, Object> deployment = m.one("Deployment");
        assertThat(at(deployment, "spec.replicas")).isEqualTo(3);
        assertThat(at(deployment, "spec.strategy.type")).isEqualTo("RollingUpdate");
        Map<String, Object> c = container(deployment);
        assertThat(secretRef(envVar(c, "SPRING_DATA_REDIS_URL"))).containsExactly("mixup-redis", "redis-url");
        assertThat(secretRef(envVar(c, "AWS_ACCESS_KEY_ID"))).containsExactly("mixup-s3", "access-key-id");
        assertThat(secretRef(envVar(c, "AWS_SECRET_ACCESS_KEY"))).containsExactly("mixup-s3", "secret-access-key");
        assertThat(env(c)).containsEntry("MIXUP_DATASETS_S3_ENDPOINT", "http://minio.minio:9000")
                .containsEntry("MIXUP_DATASETS_S3_PATH_STYLE", "true");
        assertThat(at(volumes(deployment), "data.emptyDir.sizeLimit")).isEqualTo("40Gi");
    }

    @Test
    void oneSharedStoreAloneKeepsTheSinglePodTopology() {
        for (Map<String, Object> values : List.of(
                Map.<String, Object>of("sessions.store", "redis", "sessions.redis.url", "redis://redis:6379"),
                Map.<String, Object>of("datasets.store", "s3", "datasets.s3.bucket", "mixup"))) {
            Manifests m = render(values);
            assertThat(m.kinds()).as(values.toString()).contains("PersistentVolumeClaim").doesNotContain("PodDisruptionBudget");
            Map<String, Object> deployment = m.one("Deployment");
            assertThat(at(deployment, "spec.strategy.type")).isEqualTo("Recreate");
            assertThat(at(volumes(deployment), "data.persistentVolumeClaim.claimName")).isEqualTo(FULLNAME + "-data");
        }
    }

    @Test
    void schemaRefusesMoreThanOnePodUnlessSessionsAndDatasetsAreBothShared() {
        assertThatThrownBy(() -> render(Map.of("replicaCount", 3)))
                .hasMessageContaining("/sessions/store").hasMessageContaining("/datasets/store");
        assertThatThrownBy(() -> render(Map.of("replicaCount", 3,
                "sessions.store", "redis", "sessions.redis.url", "redis://redis:6379")))
                .hasMessageContaining("/datasets/store").hasMessageNotContaining("/sessions/store");
        assertThatThrownBy(() -> render(Map.of("replicaCount", 3, "datasets.store", "s3", "datasets.s3.bucket", "mixup")))
                .hasMessageContaining("/sessions/store").hasMessageNotContaining("/datasets/store");
        assertThatThrownBy(() -> render(Map.of("autoscaling.enabled", true, "autoscaling.maxReplicas", 3)))
                .hasMessageContaining("/sessions/store").hasMessageContaining("/datasets/store");
        assertThat(render(Map.of("replicaCount", 0)).kinds()).as("0 pauses a single pod").contains("Deployment");
    }

    @Test
    void schemaRefusesSharedStoresWithoutWhatTheyNeed() {
        assertThatThrownBy(() -> render(Map.of("sessions.store", "redis")))
                .hasMessageContaining("/sessions/redis/url").hasMessageContaining("/sessions/redis/existingSecret");
        assertThatThrownBy(() -> render(Map.of("sessions.store", "redis", "sessions.redis.url", "redis.example:6379")))
                .hasMessageContaining("/sessions/redis/url");
        assertThatThrownBy(() -> render(Map.of("datasets.store", "s3")))
                .hasMessageContaining("/datasets/s3/bucket");
        assertThatThrownBy(() -> render(with(SHARED, "datasets.s3.secretAccessKey", "")))
                .hasMessageContaining("/datasets/s3/secretAccessKey");
        assertThatThrownBy(() -> render(Map.of("sessions.store", "memcached")))
                .hasMessageContaining("/sessions/store");
    }

    @Test
    void environmentVariablesBindToTheServicesProperties() {
        // as Spring Boot reads the container's environment; a value from a Secret stands as "<secret>/<key>"
        Map<String, Object> environment = new HashMap<>();
        for (Map<String, Object> v : HelmChartTests.<Map<String, Object>>list(
                container(render(with(SHARED, "datasets.cacheBytes", 1073741824L)).one("Deployment")), "env")) {
            environment.put((String) v.get("name"), v.containsKey("value") ? v.get("value")
                    : String.join("/", secretRef(v)));
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource("systemEnvironment", environment)));

        MixupProperties mixup = binder.bindOrCreate("mixup", MixupProperties.class);
        assertThat(mixup.dataDir()).isEqualTo(Path.of("/data"));
        assertThat(mixup.sessions().store()).isEqualTo("redis");
        assertThat(binder.bind("spring.data.redis.url", String.class).get()).isEqualTo(FULLNAME + "/redis-url");

        DatasetStoreProperties datasets = binder.bindOrCreate("mixup.datasets", DatasetStoreProperties.class);
        assertThat(datasets.store()).isEqualTo("s3");
        assertThat(datasets.cacheBytes()).isEqualTo(DataSize.ofGigabytes(1));
        assertThat(datasets.s3().bucket()).isEqualTo("mixup");
        assertThat(datasets.s3().prefix()).isEqualTo("team-a/");
        assertThat(datasets.s3().endpoint()).isEqualTo(URI.create("http://minio.minio:9000"));
        assertThat(datasets.s3().pathStyle()).isTrue();
        assertThat(datasets.s3().region()).isEqualTo("eu-west-1");
        // the names the AWS SDK's default chain reads
        assertThat(environment).containsEntry("AWS_ACCESS_KEY_ID", FULLNAME + "/aws-access-key-id")
                .containsEntry("AWS_SECRET_ACCESS_KEY", FULLNAME + "/aws-secret-access-key");
    }

    @Test
    void settingsAndJvmOptionsBecomeEnvironmentVariables() {
        Map<String, Object> c = container(render(Map.of("config.sessionTtl", "7d",
                "config.maxUploadBytes", 10737418240L, "config.maxDatasetBytes", "40GB", "jvmOptions", "-XX:MaxRAMPercentage=40",
                "extraEnv[0].name", "LOGGING_LEVEL_DEV_MIXUP", "extraEnv[0].value", "DEBUG",
                "tmp.sizeLimit", "4Gi")).one("Deployment"));
        assertThat(env(c))
                .containsEntry("MIXUP_SESSION_TTL", "7d")
                .containsEntry("MIXUP_MAX_UPLOAD_BYTES", "10737418240")
                .containsEntry("MIXUP_MAX_DATASET_BYTES", "40GB")
                .containsEntry("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=40")
                .containsEntry("LOGGING_LEVEL_DEV_MIXUP", "DEBUG");
    }

    @Test
    void tmpSizeLimitAndLargeNumbersFromAValuesFile(@TempDir Path dir) throws IOException {
        // numbers from a values file reach templates as float64: must not render as 1.07e+10
        Path values = Files.writeString(dir.resolve("values.yaml"),
                "config:\n  maxUploadBytes: 10737418240\ntmp:\n  sizeLimit: 4Gi\n");
        Map<String, Object> deployment = new Manifests(template().withValuesFile(values).call()).one("Deployment");
        assertThat(env(container(deployment))).containsEntry("MIXUP_MAX_UPLOAD_BYTES", "10737418240");
        assertThat(at(volumes(deployment), "tmp.emptyDir.sizeLimit")).isEqualTo("4Gi");
    }

    @Test
    void schemaRejectsMistypedValues() {
        assertThatThrownBy(() -> render(Map.of("replicaCont", 2)))
                .hasMessageContaining("replicaCont");
        assertThatThrownBy(() -> render(Map.of("persistence.enabled", "yes")))
                .hasMessageContaining("persistence");
    }

    @Test
    void notesExplainPortForwardCurlAndTheTopology() {
        String notes = notes(Map.of());
        assertThat(notes)
                .contains("kubectl --namespace ml port-forward service/" + FULLNAME + " 8080:80")
                .contains("curl -s $MIXUP_URL/actuator/health/readiness")
                .contains("/v1/datasets?name=demo")
                .contains("/v1/sessions")
                .doesNotContain("WARNING")
                .doesNotContain("Shared topology");

        String withAuth = notes(Map.of("auth.apiKey", "s3cret"));
        assertThat(withAuth)
                .contains("get secret " + FULLNAME)
                .contains("-H \"$AUTH\"");

        assertThat(notes(Map.of("persistence.enabled", false))).contains("WARNING: persistence.enabled=false");
        assertThat(notes(Map.of("sessions.store", "redis", "sessions.redis.url", "redis://redis:6379")))
                .contains("more replicas need sessions.store=redis and datasets.store=s3 together");
        assertThat(notes(with(SHARED, "replicaCount", 3, "persistence.enabled", false)))
                .contains("Shared topology: sessions in Redis, datasets in bucket \"mixup\"; 3 replica(s)")
                .doesNotContain("WARNING");
        assertThat(notes(with(SHARED, "autoscaling.enabled", true, "autoscaling.maxReplicas", 5)))
                .contains("1 to 5 replicas (autoscaled on CPU)");
    }

    @Test
    void chartRunsTheImageAsItIsBuilt() throws IOException {
        // the chart's uid and port must match the Dockerfile's USER and EXPOSE
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)").matcher(dockerfile);
        Matcher port = Pattern.compile("(?m)^EXPOSE (\\d+)").matcher(dockerfile);
        assertThat(user.find()).isTrue();
        assertThat(port.find()).isTrue();
        Map<String, Object> deployment = render(Map.of()).one("Deployment");
        assertThat(at(deployment, "spec.template.spec.securityContext.runAsUser"))
                .isEqualTo(Integer.parseInt(user.group(1)));
        assertThat(at(deployment, "spec.template.spec.securityContext.runAsGroup"))
                .isEqualTo(Integer.parseInt(user.group(2)));
        assertThat(at(container(deployment), "ports.0.containerPort")).isEqualTo(Integer.parseInt(port.group(1)));
    }

    // ---------------------------------------------------------------- helpers

    /** {@code base} with more dotted-path values, given as key, value, key, value, ... */
    private static Map<String, Object> with(Map<String, Object> base, Object... more) {
        Map<String, Object> values = new LinkedHashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return values;
    }

    /** Sets a dotted path ("datasets.s3.bucket") in nested maps. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> values, String path, Object value) {
        String[] keys = path.split("\\.");
        Map<String, Object> node = values;
        for (int i = 0; i < keys.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(keys[i], key -> new LinkedHashMap<>());
        }
        node.put(keys[keys.length - 1], value);
    }

    private static Path copyChart(Path dir) throws IOException {
        Path copy = dir.resolve(CHART.getFileName());
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    private static TemplateCommand template() {
        return new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
    }

    private static Manifests render(Map<String, Object> values) {
        TemplateCommand t = template();
        values.forEach(t::set);
        return new Manifests(t.call());
    }

    private static String notes(Map<String, Object> values) {
        InstallCommand install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withDryRunOption(DryRun.CLIENT).clientOnly();
        values.forEach(install::set);
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    /** The rendered documents, parsed. */
    record Manifests(List<Map<String, Object>> docs) {
        @SuppressWarnings("unchecked")
        Manifests(String rendered) {
            this(parse(rendered));
        }

        @SuppressWarnings("unchecked")
        private static List<Map<String, Object>> parse(String rendered) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Yaml().loadAll(rendered)) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
            return docs;
        }

        List<String> kinds() {
            return docs.stream().map(d -> (String) d.get("kind")).toList();
        }

        Map<String, Object> one(String kind) {
            List<Map<String, Object>> found = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
            assertThat(found).as("exactly one " + kind + " in " + kinds()).hasSize(1);
            return found.getFirst();
        }
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = list(deployment, "spec.template.spec.containers");
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    /** name -> literal value (or "<valueFrom>") of the container's env. */
    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        List<Map<String, Object>> vars = list(container, "env");
        for (Map<String, Object> v : vars) {
            env.put((String) v.get("name"), v.containsKey("value") ? String.valueOf(v.get("value")) : "<valueFrom>");
        }
        return env;
    }

    private static Map<String, Object> envVar(Map<String, Object> container, String name) {
        List<Map<String, Object>> vars = list(container, "env");
        return vars.stream().filter(v -> name.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + vars));
    }

    /** [Secret name, key] of an env var read from a Secret; fails for a literal value. */
    private static List<String> secretRef(Map<String, Object> envVar) {
        assertThat(envVar).as("from a Secret, not a literal").doesNotContainKey("value");
        return List.of((String) at(envVar, "valueFrom.secretKeyRef.name"), (String) at(envVar, "valueFrom.secretKeyRef.key"));
    }

    /** The decoded value that an env var reads from {@code secret}. */
    private static String secretValue(Map<String, Object> secret, Map<String, Object> envVar) {
        List<String> ref = secretRef(envVar);
        assertThat(ref.getFirst()).isEqualTo(at(secret, "metadata.name"));
        return new String(Base64.getDecoder().decode((String) at(secret, "data." + ref.get(1))));
    }

    private static Map<String, String> mounts(Map<String, Object> container) {
        Map<String, String> mounts = new LinkedHashMap<>();
        List<Map<String, Object>> list = list(container, "volumeMounts");
        list.forEach(m -> mounts.put((String) m.get("name"), (String) m.get("mountPath")));
        return mounts;
    }

    /** volume name -> volume. */
    private static Map<String, Object> volumes(Map<String, Object> deployment) {
        Map<String, Object> volumes = new LinkedHashMap<>();
        List<Map<String, Object>> list = list(deployment, "spec.template.spec.volumes");
        list.forEach(v -> volumes.put((String) v.get("name"), v));
        return volumes;
    }

    /**
     * Navigates maps and lists by a dotted path ("spec.ports.0.name"); a dot inside a key is
     * written "\\.". Fails with the path when a step is missing.
     */
    static Object at(Object root, String path) {
        Object node = root;
        for (String raw : path.split("(?<!\\\\)\\.")) {
            String key = raw.replace("\\.", ".");
            if (node instanceof Map<?, ?> map) {
                if (!map.containsKey(key)) {
                    throw new AssertionError(path + ": no '" + key + "' in " + map.keySet());
                }
                node = map.get(key);
            } else if (node instanceof List<?> list) {
                int i = Integer.parseInt(key);
                if (i >= list.size()) {
                    throw new AssertionError(path + ": no index " + i + " in " + list);
                }
                node = list.get(i);
            } else {
                throw new AssertionError(path + ": cannot go into '" + key + "' of " + node);
            }
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object root, String path) {
        return (Map<String, Object>) at(root, path);
    }

    @SuppressWarnings("unchecked")
    static <E> List<E> list(Object root, String path) {
        return (List<E>) at(root, path);
    }
}
