package io.maintkit.spring;

import io.maintkit.core.ActionExecution;
import io.maintkit.core.ExecutionListener;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.Runbook;
import io.maintkit.core.RunbookTier;
import io.maintkit.core.TierResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

/**
 * Registers maintkit's work with the host's {@link TaskScheduler}, once every bean exists: every check every
 * {@code maintkit.health.refresh-interval}, and, with {@code maintkit.runbook.schedule.enabled=true}, each tier of
 * the application's {@link Runbook} beans on its cron expression and zone
 * ({@code maintkit.runbook.tiers.<tier>.cron} and {@code .zone} where set, else the tier's own; a tier with neither
 * is not scheduled). maintkit owns no thread: without a
 * {@code TaskScheduler} bean (Spring Boot creates one with {@code @EnableScheduling}) nothing is scheduled, and
 * this is logged.
 *
 * <p>A tier runs with the application's {@link ExecutionOptions} bean (or the defaults), its listener joined with
 * the application's {@link ExecutionListener} beans ({@link MaintkitMetrics} is one where Micrometer is present);
 * the tier's check results become the checks' last runs.
 */
public final class MaintkitSchedule implements SmartInitializingSingleton, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(MaintkitSchedule.class);

    private final ObjectProvider<TaskScheduler> scheduler;
    private final CheckRuns runs;
    private final MaintkitProperties properties;
    private final ObjectProvider<Runbook> runbooks;
    private final ObjectProvider<ExecutionOptions> options;
    private final ObjectProvider<ExecutionListener> listeners;
    private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();
    private final List<String> described = new CopyOnWriteArrayList<>();

    /**
     * The schedule of these runs and runbooks.
     *
     * @param scheduler  the host's scheduler, if it has one
     * @param runs       the checks to refresh
     * @param properties the {@code maintkit.*} properties
     * @param runbooks   the application's runbooks
     * @param options    the application's execution options, if any
     * @param listeners  the application's listeners, each told of every action a tier runs
     */
    public MaintkitSchedule(ObjectProvider<TaskScheduler> scheduler, CheckRuns runs, MaintkitProperties properties,
                            ObjectProvider<Runbook> runbooks, ObjectProvider<ExecutionOptions> options,
                            ObjectProvider<ExecutionListener> listeners) {
        this.scheduler = scheduler;
        this.runs = runs;
        this.properties = properties;
        this.runbooks = runbooks;
        this.options = options;
        this.listeners = listeners;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Duration interval = properties.getHealth().getRefreshInterval();
        boolean tiers = properties.getRunbook().getSchedule().isEnabled();
        if (interval == null && !tiers) {
            return;
        }
        TaskScheduler host = scheduler.getIfUnique();
        if (host == null) {
            LOG.warn("maintkit: no TaskScheduler bean (add @EnableScheduling): nothing is scheduled");
            return;
        }
        if (interval != null) {
            scheduled.add(host.scheduleWithFixedDelay(runs::refresh, interval));
            described.add("every check every " + interval);
        }
        if (tiers) {
            scheduleTiers(host);
        }
        described.forEach(line -> LOG.info("maintkit: scheduled {}", line));
    }

    private void scheduleTiers(TaskScheduler host) {
        Map<String, MaintkitProperties.Tier> settings = properties.getRunbook().getTiers();
        List<RunbookTier> all = runbooks.orderedStream().flatMap(r -> r.tiers().stream()).toList();
        for (String name : settings.keySet()) {
            if (all.stream().noneMatch(t -> t.name().equals(name))) {
                throw new IllegalStateException("maintkit.runbook.tiers." + name + ": no Runbook bean has a tier "
                        + "named " + name);
            }
        }
        for (RunbookTier tier : all) {
            MaintkitProperties.Tier own = settings.getOrDefault(tier.name(), new MaintkitProperties.Tier());
            Optional<String> cron = Optional.ofNullable(own.getCron()).or(tier::cron);
            if (cron.isEmpty()) {
                continue;
            }
            ZoneId zone = Optional.ofNullable(own.getZone()).or(tier::zone).orElseGet(ZoneId::systemDefault);
            // Spring's cron expressions start with a seconds field; a runbook's have five fields.
            scheduled.add(host.schedule(() -> run(tier), new CronTrigger("0 " + cron.get(), zone)));
            described.add("tier " + tier.name() + " at " + cron.get() + " " + zone);
        }
    }

    /**
     * What this schedule registered with the host's scheduler, one line each: {@code every check every PT10M},
     * {@code tier weekly at 0 2 * * SUN Europe/Berlin}.
     *
     * @return the lines, empty when nothing is scheduled
     */
    public List<String> scheduled() {
        return List.copyOf(described);
    }

    private void run(RunbookTier tier) {
        ExecutionOptions base = options.getIfAvailable(ExecutionOptions::defaults);
        ExecutionListener joined = listeners.orderedStream().filter(l -> l != base.listener())
                .reduce(base.listener(), MaintkitSchedule::both);
        TierResult result = tier.run(base.listener(joined));
        result.checks().ifPresent(runs::record);
        LOG.info("maintkit: tier {} {}: {}", tier.name(), result.ran() ? "ran" : "skipped", result.worst());
    }

    private static ExecutionListener both(ExecutionListener first, ExecutionListener second) {
        return new ExecutionListener() {
            @Override
            public void actionStarted(MaintenanceAction action) {
                first.actionStarted(action);
                second.actionStarted(action);
            }

            @Override
            public void progress(MaintenanceAction action, String message) {
                first.progress(action, message);
                second.progress(action, message);
            }

            @Override
            public void actionFinished(ActionExecution execution) {
                first.actionFinished(execution);
                second.actionFinished(execution);
            }
        };
    }

    @Override
    public void destroy() {
        scheduled.forEach(f -> f.cancel(false));
    }
}
