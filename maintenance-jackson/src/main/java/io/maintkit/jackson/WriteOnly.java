package io.maintkit.jackson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;

/**
 * Refuses to read a type that is written only, so that Jackson does not build one through its record support:
 * a plan or an execution read back from JSON would hold actions that cannot run.
 */
final class WriteOnly<T> extends StdDeserializer<T> {

    private static final long serialVersionUID = 1L;

    WriteOnly(Class<T> type) {
        super(type);
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return ctxt.reportBadDefinition(handledType(), handledType().getSimpleName()
                + " is written only: maintkit does not read plans, executions or tier results back from JSON");
    }
}
