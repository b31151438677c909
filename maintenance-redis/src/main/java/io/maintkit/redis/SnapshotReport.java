package io.maintkit.redis;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.redis.internal.Texts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node's snapshot written by {@link RedisSnapshot}: where the RDB file is, so that the host can hand it to a
 * backup verifier or copy it away.
 *
 * @param node     the node, e.g. {@code redis://10.0.0.5:6379}
 * @param file     {@code dir}/{@code dbfilename} as the server reports them; empty when {@code CONFIG} is refused
 * @param size     the file's size when this process can read it; empty when the file is on another host
 * @param savedAt  when the save finished ({@code rdb_last_save_time})
 * @param took     from {@code BGSAVE} to the end of the save
 * @param findings what could not be established ({@code rdb-path-unknown}, {@code rdb-not-local})
 */
public record SnapshotReport(String node, Optional<Path> file, Optional<DataSize> size, Instant savedAt,
                             Duration took, List<Finding> findings) implements Report {

    /** Validates and sorts the findings worst first. */
    public SnapshotReport {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(size, "size");
        findings = Texts.worstFirst(findings);
    }

    /** The file, when this process can read it: what a verifier needs. */
    public Optional<Path> localFile() {
        return size.isPresent() ? file : Optional.empty();
    }
}
