package io.maintkit.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A private (0600) MariaDB/MySQL option file holding a password, for {@code --defaults-extra-file}. */
public final class OptionFile {

    private OptionFile() {
    }

    /** Writes {@code [client] password="..."} to a new temporary file only its owner can read; delete it after use. */
    public static Path withPassword(char[] password) throws IOException {
        Path file = Files.createTempFile("maintkit-client-", ".cnf",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(file, "[client]\npassword=\"" + new String(password).replace("\\", "\\\\")
                    .replace("\"", "\\\"") + "\"\n", StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }
}
