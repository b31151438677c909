package io.maintkit.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code sha256sum}-compatible checksum manifest kept in the store beside the backups: one line per backup,
 * {@code <64 hex digits><two spaces><name>} ({@code " *"} for binary mode and a leading {@code ./} are accepted).
 * {@code sha256sum -c checksums.txt} run in the store's directory checks the same thing.
 *
 * <p>Appending and removing lines rewrite the manifest atomically through {@link BackupStore#write}; the manifest
 * is meant to have one writer at a time (the backup runner, then the pruner).
 */
public final class ChecksumManifest {

    /** The manifest name the runbooks use. */
    public static final String DEFAULT_NAME = "checksums.txt";

    private static final Pattern LINE = Pattern.compile("^(\\\\?)([0-9a-fA-F]{64}) [ *](.+)$");

    private final String name;

    private ChecksumManifest(String name) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.contains("\n")) {
            throw new IllegalArgumentException("not a manifest name: '" + name + "'");
        }
    }

    /** A SHA-256 manifest of that name in the store. */
    public static ChecksumManifest sha256(String name) {
        return new ChecksumManifest(name);
    }

    /** A SHA-256 manifest named {@value #DEFAULT_NAME}. */
    public static ChecksumManifest sha256() {
        return new ChecksumManifest(DEFAULT_NAME);
    }

    /** The manifest's name in the store. */
    public String name() {
        return name;
    }

    /** The manifest's entries (name to lower-case hex digest) in file order; empty if the manifest is missing. */
    public Optional<Map<String, String>> read(BackupStore store) throws IOException {
        byte[] bytes;
        try (InputStream in = store.open(name)) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            Matcher m = LINE.matcher(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            if (!m.matches()) {
                continue;
            }
            String file = m.group(3);
            if (!m.group(1).isEmpty()) {
                file = file.replace("\\n", "\n").replace("\\\\", "\\");
            }
            if (file.startsWith("./")) {
                file = file.substring(2);
            }
            entries.put(file, m.group(2).toLowerCase(Locale.ROOT));
        }
        return Optional.of(entries);
    }

    /** Adds (or replaces) the line of {@code backup}. */
    public void put(BackupStore store, String backup, String sha256Hex) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>(read(store).orElse(Map.of()));
        entries.remove(backup);
        entries.put(backup, sha256Hex.toLowerCase(Locale.ROOT));
        store.write(name, render(entries));
    }

    /** Removes the line of {@code backup}; does nothing if it has none. */
    public void remove(BackupStore store, String backup) throws IOException {
        Optional<Map<String, String>> current = read(store);
        if (current.isEmpty() || !current.get().containsKey(backup)) {
            return;
        }
        Map<String, String> entries = new LinkedHashMap<>(current.get());
        entries.remove(backup);
        store.write(name, render(entries));
    }

    private static byte[] render(Map<String, String> entries) {
        StringBuilder sb = new StringBuilder();
        entries.forEach((file, hex) -> {
            boolean escape = file.contains("\\") || file.contains("\n");
            sb.append(escape ? "\\" : "").append(hex).append("  ")
                    .append(escape ? file.replace("\\", "\\\\").replace("\n", "\\n") : file).append('\n');
        });
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "sha256 manifest " + name;
    }
}
