package io.maintkit.backup.internal;

import java.io.IOException;

/** A backup whose format is recognised but which maintkit cannot verify to its end (e.g. lz4 compression). */
public class UnsupportedBackupException extends IOException {

    /** Why the backup cannot be verified. */
    public UnsupportedBackupException(String message) {
        super(message);
    }
}
