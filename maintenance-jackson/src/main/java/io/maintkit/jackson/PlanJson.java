package io.maintkit.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.maintkit.core.EstimatedCost;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;

import java.io.IOException;

/** Plans and their actions, written only: an action read back from JSON could not run. */
final class PlanJson {

    private PlanJson() {
    }

    static final class CostWriter extends StdSerializer<EstimatedCost> {
        CostWriter() {
            super(EstimatedCost.class);
        }

        @Override
        public void serialize(EstimatedCost c, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeNumberField("readsBytes", c.reads().bytes());
            gen.writeNumberField("extraDiskBytes", c.extraDisk().bytes());
            gen.writeNumberField("freesBytes", c.frees().bytes());
            gen.writeEndObject();
        }
    }

    static final class ActionWriter extends StdSerializer<MaintenanceAction> {
        ActionWriter() {
            super(MaintenanceAction.class);
        }

        @Override
        public void serialize(MaintenanceAction a, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartObject();
            gen.writeStringField("target", a.target());
            gen.writeStringField("command", a.command());
            gen.writeStringField("reason", a.reason());
            gen.writeStringField("lockImpact", a.lockImpact().name());
            gen.writeBooleanField("destructive", a.destructive());
            gen.writeFieldName("cost");
            provider.defaultSerializeValue(a.cost(), gen);
            gen.writeEndObject();
        }
    }

    static final class PlanWriter extends StdSerializer<MaintenancePlan> {
        PlanWriter() {
            super(MaintenancePlan.class);
        }

        @Override
        public void serialize(MaintenancePlan plan, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartObject();
            gen.writeStringField("name", plan.name());
            gen.writeFieldName("totalCost");
            provider.defaultSerializeValue(plan.totalCost(), gen);
            gen.writeArrayFieldStart("actions");
            for (MaintenanceAction a : plan.actions()) {
                provider.defaultSerializeValue(a, gen);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }
}
