package io.maintkit.redis;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.redis.internal.Texts;
import java.time.Duration;
import java.util.List;

/**
 * A dry run's count: the keys a pattern deletion or TTL clean-up would change, and their bytes.
 *
 * @param target   the deployment
 * @param pattern  the glob as {@code redis-cli} shows it
 * @param matched  distinct keys matching the glob
 * @param selected of those, the keys the change applies to (after the TTL and idle filters)
 * @param bytes    their {@code MEMORY USAGE}; zero when MEMORY is blocked
 * @param elapsed  how long the count took
 */
public record KeyCount(String target, String pattern, long matched, long selected, DataSize bytes, Duration elapsed)
        implements Report {

    /** A dry run finds nothing to judge: its numbers go into the plan's reason. */
    @Override
    public List<Finding> findings() {
        return List.of();
    }

    /** {@code 1,000,000 of 1,000,000 keys matching user:* (84.0 MiB)}. */
    @Override
    public String toString() {
        return Texts.count(selected) + " of " + Texts.count(matched) + " keys matching " + pattern + " (" + bytes + ")";
    }
}
