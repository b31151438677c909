package io.maintkit.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A check result: who ran, when, for how long, whether it could run, and what it found. */
final class CheckResultJson {

    private CheckResultJson() {
    }

    static final class Writer extends StdSerializer<CheckResult> {
        Writer() {
            super(CheckResult.class);
        }

        @Override
        public void serialize(CheckResult r, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("checkId", r.checkId());
            gen.writeStringField("target", r.target());
            JsonValues.writeInstant(gen, "start", r.start());
            JsonValues.writeSeconds(gen, "durationSeconds", r.duration());
            gen.writeStringField("outcome", r.outcome().name());
            gen.writeStringField("reason", r.reason());
            gen.writeStringField("worst", r.worst().name());
            gen.writeArrayFieldStart("findings");
            for (Finding f : r.findings()) {
                provider.defaultSerializeValue(f, gen);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    static final class Reader extends StdDeserializer<CheckResult> {
        Reader() {
            super(CheckResult.class);
        }

        @Override
        public CheckResult deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            List<Finding> findings = new ArrayList<>();
            for (JsonNode f : JsonValues.array(node, "findings", CheckResult.class, ctxt)) {
                findings.add(ctxt.readTreeAsValue(f, Finding.class));
            }
            return new CheckResult(JsonValues.text(node, "checkId", CheckResult.class, ctxt),
                    JsonValues.text(node, "target", CheckResult.class, ctxt),
                    JsonValues.instant(node, "start", CheckResult.class, ctxt),
                    JsonValues.seconds(node, "durationSeconds", CheckResult.class, ctxt),
                    findings,
                    JsonValues.enumValue(node, "outcome", CheckResult.Outcome.class, CheckResult.class, ctxt),
                    node.has("reason") ? JsonValues.text(node, "reason", CheckResult.class, ctxt) : "");
        }
    }
}
