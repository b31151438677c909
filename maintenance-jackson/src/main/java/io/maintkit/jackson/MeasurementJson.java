package io.maintkit.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.maintkit.core.Measurement;

import java.io.IOException;
import java.util.Locale;

/** {@code {"name": "bloat", "value": 42.5, "unit": "percent"}}: the unit is always written. */
final class MeasurementJson {

    private MeasurementJson() {
    }

    static final class Writer extends StdSerializer<Measurement> {
        Writer() {
            super(Measurement.class);
        }

        @Override
        public void serialize(Measurement m, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("name", m.name());
            JsonValues.writeNumber(gen, "value", m.value());
            gen.writeStringField("unit", m.unit().name().toLowerCase(Locale.ROOT));
            gen.writeEndObject();
        }
    }

    static final class Reader extends StdDeserializer<Measurement> {
        Reader() {
            super(Measurement.class);
        }

        @Override
        public Measurement deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            return new Measurement(JsonValues.text(node, "name", Measurement.class, ctxt),
                    JsonValues.number(node, "value", Measurement.class, ctxt),
                    JsonValues.enumValue(node, "unit", Measurement.Unit.class, Measurement.class, ctxt));
        }
    }
}
