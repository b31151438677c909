package io.maintkit.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.maintkit.core.CheckResult;
import io.maintkit.core.SuiteResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A suite result: its name, when it ran, for how long, its worst severity and every check's result. */
final class SuiteResultJson {

    private SuiteResultJson() {
    }

    static final class Writer extends StdSerializer<SuiteResult> {
        Writer() {
            super(SuiteResult.class);
        }

        @Override
        public void serialize(SuiteResult s, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("name", s.name());
            JsonValues.writeInstant(gen, "start", s.start());
            JsonValues.writeSeconds(gen, "durationSeconds", s.duration());
            gen.writeStringField("worst", s.worst().name());
            gen.writeArrayFieldStart("results");
            for (CheckResult r : s.results()) {
                provider.defaultSerializeValue(r, gen);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    static final class Reader extends StdDeserializer<SuiteResult> {
        Reader() {
            super(SuiteResult.class);
        }

        @Override
        public SuiteResult deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            List<CheckResult> results = new ArrayList<>();
            for (JsonNode r : JsonValues.array(node, "results", SuiteResult.class, ctxt)) {
                results.add(ctxt.readTreeAsValue(r, CheckResult.class));
            }
            return new SuiteResult(JsonValues.text(node, "name", SuiteResult.class, ctxt),
                    JsonValues.instant(node, "start", SuiteResult.class, ctxt),
                    JsonValues.seconds(node, "durationSeconds", SuiteResult.class, ctxt),
                    results);
        }
    }
}
