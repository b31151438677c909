package io.maintkit.redis.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Key names as bytes: how reports show them, their prefixes, and 64-bit fingerprints. */
public final class KeyNames {

    /** The longest key name a report keeps, in bytes; longer names are cut and marked. */
    public static final int MAX_KEPT = 512;

    private KeyNames() {
    }

    /**
     * The name as an operator reads it: UTF-8 text when it is valid UTF-8 without control characters, otherwise
     * {@code redis-cli}'s quoting ({@code "user:\xff\x00"}).
     */
    public static String display(byte[] key) {
        if (isPlainUtf8(key)) {
            return new String(key, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder("\"");
        for (byte b : key) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.append('"').toString();
    }

    private static boolean isPlainUtf8(byte[] key) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
            return text.codePoints().noneMatch(Character::isISOControl) && !text.startsWith("\"");
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The key cut to {@link #MAX_KEPT} bytes. */
    public static byte[] kept(byte[] key) {
        return key.length <= MAX_KEPT ? key : Arrays.copyOf(key, MAX_KEPT);
    }

    /** The part before the first {@code separator}; null when the key has none. */
    public static byte[] prefix(byte[] key, byte[] separator) {
        outer:
        for (int i = 0; i + separator.length <= key.length; i++) {
            for (int j = 0; j < separator.length; j++) {
                if (key[i + j] != separator[j]) {
                    continue outer;
                }
            }
            return Arrays.copyOf(key, i);
        }
        return null;
    }

    /** A 64-bit fingerprint (FNV-1a, then mixed); two keys share one with a chance of about 1 in 2^64. */
    public static long fingerprint(byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /**
     * A glob pattern that matches {@code literal} exactly: {@code * ? [ ] \} escaped with a backslash, as
     * {@code SCAN MATCH} reads it.
     */
    public static byte[] escapeGlob(byte[] literal) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(literal.length + 8);
        for (byte b : literal) {
            if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
                out.write('\\');
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}
