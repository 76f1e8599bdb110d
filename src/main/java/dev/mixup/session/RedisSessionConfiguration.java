package dev.mixup.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.mixup.MixupProperties;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mixup.sessions.store=redis}: sessions in the Redis server of Spring Boot's
 * {@code spring.data.redis.*} settings, through Lettuce. Boot's Redis auto-configuration is loaded in
 * this mode only ({@link RedisAutoConfigurationFilter}); its {@code redis} health indicator is part of
 * readiness ({@code sessions-redis.yaml}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mixup.sessions.store", havingValue = "redis")
class RedisSessionConfiguration {

    /** Lettuce's own, when {@code spring.data.redis.timeout} is unset (sessions-redis.yaml sets it). */
    private static final Duration LETTUCE_COMMAND_TIMEOUT = Duration.ofSeconds(60);

    @Bean
    RedisSessionRepository redisSessionRepository(StringRedisTemplate redis, JsonMapper json, MixupProperties properties,
                                                  DataRedisProperties redisProperties) {
        Duration commandTimeout = redisProperties.getTimeout() == null ? LETTUCE_COMMAND_TIMEOUT : redisProperties.getTimeout();
        return new RedisSessionRepository(redis, json, properties.sessionTtl(),
                properties.sessions().idempotencyKeyTtl(), commandTimeout);
    }

    /**
     * While Redis is unreachable, commands fail at once (answered 503) instead of queueing until their
     * timeout; and a command never sent can never be applied later.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /** Reconnects at least every second (Lettuce's default backs off to 30 s), so that service resumes soon after Redis does. */
    @Bean
    ClientResourcesBuilderCustomizer reconnectSoon() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    }
}
