package io.maintkit.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A finding: {@code checkId}, {@code kind}, {@code subject}, {@code severity}, {@code summary}, ... */
final class FindingJson {

    private FindingJson() {
    }

    static final class Writer extends StdSerializer<Finding> {
        Writer() {
            super(Finding.class);
        }

        @Override
        public void serialize(Finding f, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("checkId", f.checkId());
            gen.writeStringField("kind", f.kind());
            gen.writeStringField("subject", f.subject());
            gen.writeStringField("severity", f.severity().name());
            gen.writeStringField("summary", f.summary());
            gen.writeArrayFieldStart("measurements");
            for (Measurement m : f.measurements()) {
                provider.defaultSerializeValue(m, gen);
            }
            gen.writeEndArray();
            gen.writeObjectFieldStart("details");
            for (Map.Entry<String, String> detail : f.details().entrySet()) {
                gen.writeStringField(detail.getKey(), detail.getValue());
            }
            gen.writeEndObject();
            gen.writeEndObject();
        }
    }

    static final class Reader extends StdDeserializer<Finding> {
        Reader() {
            super(Finding.class);
        }

        @Override
        public Finding deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            String kind = JsonValues.text(node, "kind", Finding.class, ctxt);
            Finding finding;
            try {
                finding = Finding.of(JsonValues.text(node, "checkId", Finding.class, ctxt), kind,
                        JsonValues.text(node, "subject", Finding.class, ctxt),
                        JsonValues.enumValue(node, "severity", Severity.class, Finding.class, ctxt),
                        JsonValues.text(node, "summary", Finding.class, ctxt));
            } catch (IllegalArgumentException e) {
                return ctxt.reportInputMismatch(Finding.class,
                        "Finding: field \"kind\" must be lower-case words joined by '-'");
            }
            List<Measurement> measurements = new ArrayList<>();
            for (JsonNode m : optionalArray(node, "measurements", ctxt)) {
                measurements.add(ctxt.readTreeAsValue(m, Measurement.class));
            }
            return finding.withMeasurements(measurements.toArray(Measurement[]::new))
                    .withDetails(details(node, ctxt));
        }

        private static Iterable<JsonNode> optionalArray(JsonNode node, String field, DeserializationContext ctxt)
                throws IOException {
            return node.has(field) ? JsonValues.array(node, field, Finding.class, ctxt) : List.of();
        }

        private static Map<String, String> details(JsonNode node, DeserializationContext ctxt) throws IOException {
            Map<String, String> details = new LinkedHashMap<>();
            JsonNode object = node.get("details");
            if (object == null) {
                return details;
            }
            if (!object.isObject()) {
                return ctxt.reportInputMismatch(Finding.class, "Finding: field \"details\" must be an object");
            }
            for (Map.Entry<String, JsonNode> detail : object.properties()) {
                if (!detail.getValue().isTextual()) {
                    return ctxt.reportInputMismatch(Finding.class, "Finding: every detail must be a string");
                }
                details.put(detail.getKey(), detail.getValue().textValue());
            }
            return details;
        }
    }
}
