package dev.mixup.session;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out Spring Boot's Redis auto-configuration (connection factory, templates, health indicator)
 * unless {@code mixup.sessions.store=redis}: with the default file store nothing about Redis is
 * created, connected to or reported. (Excluding the classes by name would exclude them in every mode,
 * an {@code @ImportAutoConfiguration} included.) Registered in {@code META-INF/spring.factories}.
 */
class RedisAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String REDIS_AUTO_CONFIGURATION = "org.springframework.boot.data.redis.autoconfigure.";

    private boolean redisStore;

    @Override
    public void setEnvironment(Environment environment) {
        redisStore = "redis".equals(environment.getProperty("mixup.sessions.store"));
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < matches.length; i++) {
            String candidate = autoConfigurationClasses[i];
            matches[i] = redisStore || candidate == null || !candidate.startsWith(REDIS_AUTO_CONFIGURATION);
        }
        return matches;
    }
}
