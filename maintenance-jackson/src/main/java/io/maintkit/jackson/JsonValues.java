package io.maintkit.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Writing and reading the scalar fields every maintkit JSON object shares: instants, durations, enums, text. */
final class JsonValues {

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private JsonValues() {
    }

    static void writeInstant(JsonGenerator gen, String field, Instant instant) throws IOException {
        gen.writeStringField(field, instant.toString());
    }

    static void writeSeconds(JsonGenerator gen, String field, Duration duration) throws IOException {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds())
                .add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros();
        gen.writeNumberField(field, seconds.scale() < 0 ? seconds.setScale(0) : seconds);
    }

    /** Writes a number without a fraction as an integer ({@code 1048576}, not {@code 1048576.0}). */
    static void writeNumber(JsonGenerator gen, String field, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
            gen.writeNumberField(field, (long) value);
        } else {
            gen.writeNumberField(field, value);
        }
    }

    static String text(JsonNode node, String field, Class<?> type, DeserializationContext ctxt)
            throws JsonMappingException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            return ctxt.reportInputMismatch(type, "%s: field \"%s\" must be a string", type.getSimpleName(), field);
        }
        return value.textValue();
    }

    static double number(JsonNode node, String field, Class<?> type, DeserializationContext ctxt)
            throws JsonMappingException {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            return ctxt.reportInputMismatch(type, "%s: field \"%s\" must be a number", type.getSimpleName(), field);
        }
        return value.doubleValue();
    }

    static Instant instant(JsonNode node, String field, Class<?> type, DeserializationContext ctxt)
            throws JsonMappingException {
        String text = text(node, field, type, ctxt);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return ctxt.reportInputMismatch(type, "%s: field \"%s\" is not an ISO-8601 instant",
                    type.getSimpleName(), field);
        }
    }

    static Duration seconds(JsonNode node, String field, Class<?> type, DeserializationContext ctxt)
            throws JsonMappingException {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            return ctxt.reportInputMismatch(type, "%s: field \"%s\" must be a number of seconds",
                    type.getSimpleName(), field);
        }
        BigDecimal seconds = value.decimalValue();
        try {
            BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
            long nanos = seconds.subtract(whole).multiply(NANOS_PER_SECOND).longValue();
            return Duration.ofSeconds(whole.longValueExact(), nanos);
        } catch (ArithmeticException e) {
            return ctxt.reportInputMismatch(type, "%s: field \"%s\" is out of range", type.getSimpleName(), field);
        }
    }

    static <E extends Enum<E>> E enumValue(JsonNode node, String field, Class<E> values, Class<?> type,
                                           DeserializationContext ctxt) throws JsonMappingException {
        String text = text(node, field, type, ctxt);
        try {
            return Enum.valueOf(values, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ctxt.reportInputMismatch(type, "%s: field \"%s\" has an unknown value", type.getSimpleName(),
                    field);
        }
    }

    static JsonNode array(JsonNode node, String field, Class<?> type, DeserializationContext ctxt)
            throws JsonMappingException {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            return ctxt.reportInputMismatch(type, "%s: field \"%s\" must be an array", type.getSimpleName(), field);
        }
        return value;
    }
}
