package io.maintkit.backup.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict, bounded JSON for {@code backup_manifest} files, on jackson-core's streaming parser: nesting, string,
 * name, number and document lengths are capped, duplicate keys and non-standard numbers ({@code +1}, {@code 01},
 * {@code 1.}) are rejected. Values read whole become maps, lists, {@link BigDecimal}s, strings, booleans or null.
 */
final class ManifestJson {

    /** A manifest nests three levels (object, Files array, file object); anything far deeper is not a manifest. */
    static final int MAX_DEPTH = 16;
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_NAME = 1024;
    private static final int MAX_NUMBER = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING)
                    .maxNameLength(MAX_NAME)
                    .maxNumberLength(MAX_NUMBER)
                    .maxDocumentLength(BaseBackupManifestWalker.MAX_MANIFEST)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ManifestJson() {
    }

    /** A parser over the manifest's bytes. */
    static JsonParser parser(byte[] bytes) throws IOException {
        return FACTORY.createParser(bytes);
    }

    /** The next token; a parse error becomes a corruption naming where it is. */
    static JsonToken next(JsonParser p) throws CorruptBackupException {
        try {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new CorruptBackupException("manifest-invalid", "invalid JSON: the manifest ends inside its"
                        + " top-level object");
            }
            return t;
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new CorruptBackupException("manifest-invalid", "invalid JSON: " + e.getMessage());
        }
    }

    /** The whole value the parser stands on (its current token), read into maps, lists and scalars. */
    static Object value(JsonParser p) throws CorruptBackupException {
        try {
            return switch (p.currentToken()) {
                case START_OBJECT -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    while (next(p) == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        next(p);
                        map.put(name, value(p));
                    }
                    yield map;
                }
                case START_ARRAY -> {
                    List<Object> list = new ArrayList<>();
                    while (next(p) != JsonToken.END_ARRAY) {
                        list.add(value(p));
                    }
                    yield list;
                }
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDecimalValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> throw new CorruptBackupException("manifest-invalid", "invalid JSON at "
                        + where(p.currentLocation()) + ": unexpected " + p.currentToken());
            };
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (CorruptBackupException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptBackupException("manifest-invalid", "invalid JSON: " + e.getMessage());
        }
    }

    /** Skips the value the parser stands on. */
    static void skip(JsonParser p) throws CorruptBackupException {
        try {
            p.skipChildren();
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new CorruptBackupException("manifest-invalid", "invalid JSON: " + e.getMessage());
        }
    }

    /**
     * A whole number that fits a {@code long}, checked by its digits before any conversion (so {@code 1e999999999}
     * costs nothing).
     */
    static long longOf(Object value, String what) throws CorruptBackupException {
        if (!(value instanceof BigDecimal n)) {
            throw new CorruptBackupException("manifest-invalid", "the manifest has no number for " + what);
        }
        if (n.signum() != 0 && (n.precision() - n.scale() > 19 || n.stripTrailingZeros().scale() > 0)) {
            throw new CorruptBackupException("manifest-invalid", "the manifest has " + n.toString().substring(0,
                    Math.min(40, n.toString().length())) + " for " + what + ", not a whole number in range");
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            throw new CorruptBackupException("manifest-invalid", "the manifest has a number out of range for "
                    + what);
        }
    }

    private static CorruptBackupException invalid(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        message = message.length() > 200 ? message.substring(0, 200) + "..." : message;
        return new CorruptBackupException("manifest-invalid", "invalid JSON at " + where(e.getLocation()) + ": "
                + message);
    }

    private static String where(JsonLocation at) {
        return at == null ? "an unknown place" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
