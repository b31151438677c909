package io.maintkit.mysql;

import io.maintkit.core.DataSize;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One binary log file, from {@code SHOW BINARY LOGS}.
 *
 * @param name        the file name, e.g. {@code mariadb-bin.000042}
 * @param size        its size
 * @param lastWritten when it was last written (file time), only when the data directory is visible to this JVM
 */
public record BinaryLog(String name, DataSize size, Optional<Instant> lastWritten) {

    /** Validates. */
    public BinaryLog {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(lastWritten, "lastWritten");
    }
}
