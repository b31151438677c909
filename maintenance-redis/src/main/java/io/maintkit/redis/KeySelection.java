package io.maintkit.redis;

import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.KeyNames;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** What pattern deletion and TTL clean-up share: where, which keys (a glob as bytes), how many, how gently. */
record KeySelection(Connector connector, String targetName, byte[] glob, long maxKeys, ScanSettings scan) {

    KeySelection {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(scan, "scan");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
        }
    }

    static KeySelection of(Connector connector) {
        return new KeySelection(connector, null, null, Long.MAX_VALUE, ScanSettings.forChanges());
    }

    String target() {
        return targetName != null ? targetName : connector.describe();
    }

    /** The glob; fails naming what is missing before anything touches a server. */
    byte[] requireGlob(String primitive) {
        if (glob == null) {
            throw new IllegalStateException(primitive + " needs a pattern: call pattern(...) or prefix(...)");
        }
        return glob;
    }

    /** The glob as {@code redis-cli} would show it. */
    String describeGlob() {
        return glob == null ? "(no pattern)" : KeyNames.display(glob);
    }

    KeySelection withTarget(String name) {
        return new KeySelection(connector, Objects.requireNonNull(name, "name"), glob, maxKeys, scan);
    }

    KeySelection withGlob(byte[] pattern) {
        if (pattern.length == 0) {
            throw new IllegalArgumentException("the pattern must not be empty");
        }
        return new KeySelection(connector, targetName, pattern.clone(), maxKeys, scan);
    }

    KeySelection withGlob(String pattern) {
        return withGlob(pattern.getBytes(StandardCharsets.UTF_8));
    }

    /** Keys starting with {@code literal}, whatever bytes it holds (glob metacharacters are escaped). */
    KeySelection withPrefix(byte[] literal) {
        byte[] escaped = KeyNames.escapeGlob(literal);
        byte[] glob = java.util.Arrays.copyOf(escaped, escaped.length + 1);
        glob[escaped.length] = '*';
        return withGlob(glob);
    }

    KeySelection withMaxKeys(long n) {
        return new KeySelection(connector, targetName, glob, n, scan);
    }

    KeySelection withScan(ScanSettings settings) {
        return new KeySelection(connector, targetName, glob, maxKeys, settings);
    }
}
