package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.mysql.internal.Session;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code mysql.buffer-pool}: the InnoDB buffer pool's hit ratio (1 - reads from disk / read requests) and its share
 * of dirty pages, from {@code SHOW GLOBAL STATUS}. The hit ratio is judged only after
 * {@link #DEFAULT_MINIMUM_READ_REQUESTS} read requests, so a freshly started server does not alarm.
 */
public final class BufferPoolCheck extends MysqlInspection<BufferPoolCheck, BufferPoolReport> {

    /** The check id. */
    public static final String ID = "mysql.buffer-pool";
    /** Hit ratio: 99 % or less a warning, 95 % or less critical. */
    public static final Threshold<Percent> DEFAULT_HIT_RATIO = Threshold.below(Percent.of(99), Percent.of(95));
    /** Dirty pages against all pages: 75 % warning, 90 % critical. */
    public static final Threshold<Percent> DEFAULT_DIRTY = Threshold.above(Percent.of(75), Percent.of(90));
    /** Read requests below this since start say nothing about the hit ratio: 100,000. */
    public static final long DEFAULT_MINIMUM_READ_REQUESTS = 100_000;

    private final Threshold<Percent> hitRatio;
    private final Threshold<Percent> dirty;

    private BufferPoolCheck(Context context, Threshold<Percent> hitRatio, Threshold<Percent> dirty) {
        super(context);
        this.hitRatio = Objects.requireNonNull(hitRatio, "hitRatio");
        this.dirty = Objects.requireNonNull(dirty, "dirty");
    }

    /** A check with the defaults. */
    public static BufferPoolCheck on(DataSource dataSource) {
        return new BufferPoolCheck(Context.of(dataSource), DEFAULT_HIT_RATIO, DEFAULT_DIRTY);
    }

    @Override
    BufferPoolCheck with(Context changed) {
        return new BufferPoolCheck(changed, hitRatio, dirty);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits on the hit ratio. */
    public BufferPoolCheck hitRatio(Threshold<Percent> limits) {
        return new BufferPoolCheck(context, limits, dirty);
    }

    /** This check with other limits on the share of dirty pages. */
    public BufferPoolCheck dirty(Threshold<Percent> limits) {
        return new BufferPoolCheck(context, hitRatio, limits);
    }

    @Override
    BufferPoolReport inspect(Session session) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        long requests = session.statusValue("Innodb_buffer_pool_read_requests", 0);
        long reads = session.statusValue("Innodb_buffer_pool_reads", 0);
        long total = session.statusValue("Innodb_buffer_pool_pages_total", 0);
        long dirtyPages = session.statusValue("Innodb_buffer_pool_pages_dirty", 0);
        long free = session.statusValue("Innodb_buffer_pool_pages_free", 0);
        Percent ratio = requests == 0 ? Percent.of(100) : Percent.ratio(Math.max(0, requests - reads), requests);
        if (requests >= DEFAULT_MINIMUM_READ_REQUESTS) {
            Severity s = hitRatio.evaluate(ratio);
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, "low-buffer-pool-hit-ratio", context.target(), s, "buffer pool hit ratio "
                                + ratio + ": " + reads + " of " + requests + " page reads went to disk; the working"
                                + " set does not fit innodb_buffer_pool_size")
                        .withMeasurements(Measurement.percent("hit_ratio", ratio), Measurement.count("reads", reads),
                                Measurement.count("read_requests", requests)));
            }
        }
        if (total > 0) {
            Percent dirtyShare = Percent.ratio(dirtyPages, total);
            Severity s = dirty.evaluate(dirtyShare);
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, "dirty-pages", context.target(), s, dirtyShare + " of the buffer pool is"
                                + " dirty: page flushing does not keep up with writes")
                        .withMeasurements(Measurement.percent("dirty_percent", dirtyShare),
                                Measurement.count("free_pages", free)));
            }
        }
        return new BufferPoolReport(session.server(), ratio, requests, total, dirtyPages, free, findings);
    }
}
