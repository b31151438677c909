package io.maintkit.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.Measurement;
import io.maintkit.core.TierResult;

import java.io.IOException;

/** Executed work, written only: execution reports, each action's execution, and runbook tier results. */
final class ExecutionJson {

    private ExecutionJson() {
    }

    static final class ActionExecutionWriter extends StdSerializer<ActionExecution> {
        ActionExecutionWriter() {
            super(ActionExecution.class);
        }

        @Override
        public void serialize(ActionExecution e, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeFieldName("action");
            provider.defaultSerializeValue(e.action(), gen);
            gen.writeStringField("outcome", e.outcome().name());
            gen.writeStringField("detail", e.detail());
            JsonValues.writeInstant(gen, "start", e.start());
            JsonValues.writeSeconds(gen, "durationSeconds", e.duration());
            gen.writeArrayFieldStart("measurements");
            for (Measurement m : e.measurements()) {
                provider.defaultSerializeValue(m, gen);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    static final class ReportWriter extends StdSerializer<ExecutionReport> {
        ReportWriter() {
            super(ExecutionReport.class);
        }

        @Override
        public void serialize(ExecutionReport r, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("planName", r.planName());
            JsonValues.writeInstant(gen, "start", r.start());
            JsonValues.writeSeconds(gen, "durationSeconds", r.duration());
            gen.writeStringField("worst", r.worst().name());
            gen.writeArrayFieldStart("executions");
            for (ActionExecution e : r.executions()) {
                provider.defaultSerializeValue(e, gen);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    static final class TierWriter extends StdSerializer<TierResult> {
        TierWriter() {
            super(TierResult.class);
        }

        @Override
        public void serialize(TierResult t, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("tier", t.tier());
            JsonValues.writeInstant(gen, "start", t.start());
            JsonValues.writeSeconds(gen, "durationSeconds", t.duration());
            gen.writeBooleanField("ran", t.ran());
            gen.writeStringField("skipReason", t.skipReason());
            gen.writeStringField("worst", t.worst().name());
            gen.writeFieldName("checks");
            provider.defaultSerializeValue(t.checks().orElse(null), gen);
            gen.writeArrayFieldStart("tasks");
            for (TierResult.TaskResult task : t.tasks()) {
                gen.writeStartObject();
                gen.writeStringField("task", task.task());
                gen.writeFieldName("plan");
                provider.defaultSerializeValue(task.plan().orElse(null), gen);
                gen.writeFieldName("execution");
                provider.defaultSerializeValue(task.execution().orElse(null), gen);
                gen.writeStringField("failure", task.failure());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }
}
