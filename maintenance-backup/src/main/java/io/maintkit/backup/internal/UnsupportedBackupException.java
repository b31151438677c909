package io.maintkit.backup.internal;

import java.io.IOException;
import java.util.Objects;

/** A backup whose format is recognised but which maintkit cannot verify to its end (e.g. lz4 compression). */
public class UnsupportedBackupException extends IOException {

    private final String kind;

    /**
     * Why the backup cannot be verified.
     *
     * @param kind    the problem code of the finding it becomes, e.g. {@code unsupported-compression}
     * @param message what stops the verification
     */
    public UnsupportedBackupException(String kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The problem code, e.g. {@code unverifiable-format}. */
    public String kind() {
        return kind;
    }
}
