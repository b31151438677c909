package io.maintkit.redis;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.redis.internal.Texts;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link MemoryCheck} read and found.
 *
 * @param node                    the node, e.g. {@code redis://10.0.0.5:6379}
 * @param used                    {@code used_memory}
 * @param peak                    {@code used_memory_peak}
 * @param maxmemory               {@code maxmemory}; empty when 0 (unlimited)
 * @param policy                  {@code maxmemory_policy}, e.g. {@code allkeys-lru}
 * @param fragmentationRatio      {@code mem_fragmentation_ratio} (RSS / used)
 * @param fragmentation           {@code mem_fragmentation_bytes} (RSS - used)
 * @param evictedKeys             {@code evicted_keys} since the server started
 * @param evictionsSinceLastCheck evictions since this check's previous run; empty on the first run
 * @param findings                what it found, worst first
 */
public record MemoryReport(String node, DataSize used, DataSize peak, Optional<DataSize> maxmemory, String policy,
                           double fragmentationRatio, DataSize fragmentation, long evictedKeys,
                           OptionalLong evictionsSinceLastCheck, List<Finding> findings) implements Report {

    /** Validates and sorts the findings worst first. */
    public MemoryReport {
        Objects.requireNonNull(node, "node");
        findings = Texts.worstFirst(findings);
    }
}
