package io.maintkit.backup.internal;

import java.io.IOException;
import java.util.Objects;

/** A backup's bytes break its format: truncated, flipped, or not what its header promises. */
public class CorruptBackupException extends IOException {

    private final String kind;

    /**
     * A corruption described for an operator, with the offset where it was found.
     *
     * @param kind    the problem code of the finding it becomes, e.g. {@code truncated}, {@code checksum-mismatch}
     * @param message where and how the backup is broken
     */
    public CorruptBackupException(String kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The problem code, e.g. {@code truncated}. */
    public String kind() {
        return kind;
    }
}
