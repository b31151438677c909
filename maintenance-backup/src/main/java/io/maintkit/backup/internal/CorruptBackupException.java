package io.maintkit.backup.internal;

import java.io.IOException;

/** A backup's bytes break its format: truncated, flipped, or not what its header promises. */
public class CorruptBackupException extends IOException {

    /** A corruption described for an operator, with the offset where it was found. */
    public CorruptBackupException(String message) {
        super(message);
    }
}
