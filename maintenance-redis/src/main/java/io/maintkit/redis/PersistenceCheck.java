package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.maintkit.core.Durations;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Info;
import io.maintkit.redis.internal.Node;
import io.maintkit.redis.internal.Readout;
import io.maintkit.redis.internal.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code redis.persistence}: the last background save and AOF write failed or not, how long changes have waited
 * for a successful save, a save in progress. A server with neither {@code save} points nor AOF (a pure cache) is
 * reported as such, and its unsaved changes are not judged; where {@code CONFIG} is blocked the age is judged.
 *
 * <p>Kinds: {@code bgsave-failed}, {@code aof-write-failed}, {@code aof-rewrite-failed}, {@code unsaved-changes},
 * {@code save-in-progress}, {@code persistence-disabled}.
 */
public final class PersistenceCheck extends RedisInspection<PersistenceCheck, PersistenceReport> {

    /** The check id. */
    public static final String ID = "redis.persistence";
    /** Time since the last successful save while changes wait: warning at 1 hour, critical at 24 hours. */
    public static final Threshold<Duration> DEFAULT_UNSAVED_AGE =
            Threshold.above(Duration.ofHours(1), Duration.ofHours(24));

    private final Threshold<Duration> unsavedAge;

    private PersistenceCheck(Context context, Threshold<Duration> unsavedAge) {
        super(context);
        this.unsavedAge = Objects.requireNonNull(unsavedAge, "unsavedAge");
    }

    /** A check with the defaults, through the host's client. */
    public static PersistenceCheck on(RedisClient client) {
        return on(Context.of(Connector.of(client)));
    }

    /** A check with the defaults, through a client of its own for {@code uri}. */
    public static PersistenceCheck on(RedisURI uri) {
        return on(Context.of(Connector.of(uri)));
    }

    /** A check with the defaults over every node of the host's cluster client (see {@link #inspectEveryNode()}). */
    public static PersistenceCheck on(RedisClusterClient client) {
        return on(Context.of(Connector.of(client)));
    }

    static PersistenceCheck on(Context context) {
        return new PersistenceCheck(context, DEFAULT_UNSAVED_AGE);
    }

    @Override
    PersistenceCheck with(Context changed) {
        return new PersistenceCheck(changed, unsavedAge);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for the time changes wait for a successful save. */
    public PersistenceCheck unsavedAge(Threshold<Duration> limits) {
        return new PersistenceCheck(context, limits);
    }

    @Override
    PersistenceReport inspect(Node node, Info info) {
        String subject = node.name();
        List<Finding> findings = new ArrayList<>();
        String bgsave = info.text("rdb_last_bgsave_status").orElse("unknown");
        Instant lastSave = Instant.ofEpochSecond(info.number("rdb_last_save_time").orElse(0));
        long changes = info.number("rdb_changes_since_last_save").orElse(0);
        boolean inProgress = info.number("rdb_bgsave_in_progress").orElse(0) == 1;
        boolean aof = info.number("aof_enabled").orElse(0) == 1;
        Optional<String> aofWrite = aof ? info.text("aof_last_write_status") : Optional.empty();
        Duration age = Duration.between(lastSave, context.clock().instant());
        if (bgsave.equals("err")) {
            findings.add(Finding.of(ID, "bgsave-failed", subject, Severity.CRITICAL,
                            "the last background save failed; last successful save " + Durations.humanize(age)
                            + " ago, " + Texts.count(changes) + " changes not on disk"
                            + " (writes are refused if stop-writes-on-bgsave-error is yes)")
                    .withMeasurements(Measurement.count("changes_since_last_save", changes)));
        }
        if (aofWrite.filter("err"::equals).isPresent()) {
            findings.add(Finding.of(ID, "aof-write-failed", subject, Severity.CRITICAL,
                    "the last append-only file write failed"));
        }
        if (aof && info.text("aof_last_bgrewrite_status").filter("err"::equals).isPresent()) {
            findings.add(Finding.of(ID, "aof-rewrite-failed", subject, Severity.WARNING,
                    "the last append-only file rewrite failed"));
        }
        Readout<Map<String, String>> save = node.config("save");
        boolean disabled = !aof && save.isRead() && save.value().getOrDefault("save", "").isBlank();
        if (disabled) {
            findings.add(Finding.of(ID, "persistence-disabled", subject, Severity.INFO,
                    "no save points and no append-only file: data lives in memory only"
                    + (changes > 0 ? " (" + Texts.count(changes) + " changes never saved)" : "")));
        } else if (changes > 0 && !inProgress) {
            Severity s = unsavedAge.evaluate(age);
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, "unsaved-changes", subject, s, Texts.count(changes)
                                + " changes waiting since the last successful save " + Durations.humanize(age)
                                + " ago" + (save.isRead() ? "" : " (save points unreadable: " + save.reason() + ")"))
                        .withMeasurements(Measurement.seconds("since_last_save", age),
                                Measurement.count("changes_since_last_save", changes)));
            }
        }
        if (inProgress) {
            long running = info.number("rdb_current_bgsave_time_sec").orElse(0);
            findings.add(Finding.of(ID, "save-in-progress", subject, Severity.INFO,
                            "a background save is running for " + Durations.humanize(Duration.ofSeconds(running)))
                    .withMeasurements(Measurement.seconds("save_running", Duration.ofSeconds(running))));
        }
        return new PersistenceReport(subject, bgsave, lastSave, changes, inProgress, aof, aofWrite, findings);
    }
}
