package dev.mixup.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mixup.MixupServiceApplication;
import dev.mixup.testing.RedisServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The service started and stopped by the test itself, for tests about what outlives a restart. */
final class InProcessService {

    private InProcessService() {
    }

    /** Starts the service on a free port with its data in {@code dataDir}; close the context to stop it. */
    static ConfigurableApplicationContext start(Path dataDir, String... arguments) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--mixup.data-dir=" + dataDir));
        args.addAll(List.of(arguments));
        return new SpringApplicationBuilder(MixupServiceApplication.class).run(args.toArray(String[]::new));
    }

    /** A replica that keeps its sessions in {@code redis}; replicas started on one data directory share its datasets. */
    static ConfigurableApplicationContext startOnRedis(Path dataDir, RedisServer redis, String... arguments) {
        List<String> args = new ArrayList<>(List.of("--mixup.sessions.store=redis", "--spring.data.redis.url=" + redis.url()));
        args.addAll(List.of(arguments));
        return start(dataDir, args.toArray(String[]::new));
    }

    static ApiClient client(ConfigurableApplicationContext service) {
        return new ApiClient(((WebServerApplicationContext) service).getWebServer().getPort(), null);
    }
}
