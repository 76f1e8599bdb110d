package dev.mixup.session;

import java.time.Duration;

import dev.mixup.MixupProperties;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Runs the periodic chores: expiring idle sessions every {@code mixup.session-sweep-interval}
 * (at most half of {@code mixup.session-ttl}), and
 * dropping prefetched batches and kept payload arrays nobody took (twice per {@code mixup.prefetch-ttl}).
 */
@Component
class SessionHousekeeping implements SchedulingConfigurer {

    private final SessionService sessions;
    private final Prefetcher prefetcher;
    private final Duration sweepInterval;
    private final Duration prefetchCheck;

    SessionHousekeeping(SessionService sessions, Prefetcher prefetcher, MixupProperties properties) {
        this.sessions = sessions;
        this.prefetcher = prefetcher;
        this.sweepInterval = properties.effectiveSweepInterval();
        this.prefetchCheck = properties.prefetchTtl().dividedBy(2).plusMillis(1);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(sessions::removeIdle, sweepInterval);
        registrar.addFixedDelayTask(prefetcher::dropStale, prefetchCheck);
    }
}
