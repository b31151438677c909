package io.maintkit.jackson;

import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.CheckResult;
import io.maintkit.core.EstimatedCost;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.Finding;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Measurement;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.TierResult;

/**
 * The Jackson module for maintkit's results, with the stable field names described in the
 * {@linkplain io.maintkit.jackson package documentation}.
 *
 * <pre>{@code
 * ObjectMapper mapper = new ObjectMapper().registerModule(new MaintkitModule());
 * String json = mapper.writeValueAsString(suite.run());
 * SuiteResult back = mapper.readValue(json, SuiteResult.class);
 * }</pre>
 *
 * <p>Writes {@link Measurement}, {@link Finding}, {@link CheckResult}, {@link SuiteResult}, {@link EstimatedCost},
 * {@link MaintenanceAction}, {@link MaintenancePlan}, {@link ActionExecution}, {@link ExecutionReport} and
 * {@link TierResult}. Reads back {@link Measurement}, {@link Finding}, {@link CheckResult} and {@link SuiteResult};
 * plans, executions and tier results are written only, because an action read from JSON could not run: reading
 * one fails with an {@code InvalidDefinitionException}. The module
 * needs no other Jackson module (instants and durations are written by it, not by {@code jackson-datatype-jsr310}).
 */
public final class MaintkitModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    /** The module, ready to register on an {@code ObjectMapper}. */
    public MaintkitModule() {
        super("maintkit", Version.unknownVersion());
        addSerializer(Measurement.class, new MeasurementJson.Writer());
        addDeserializer(Measurement.class, new MeasurementJson.Reader());
        addSerializer(Finding.class, new FindingJson.Writer());
        addDeserializer(Finding.class, new FindingJson.Reader());
        addSerializer(CheckResult.class, new CheckResultJson.Writer());
        addDeserializer(CheckResult.class, new CheckResultJson.Reader());
        addSerializer(SuiteResult.class, new SuiteResultJson.Writer());
        addDeserializer(SuiteResult.class, new SuiteResultJson.Reader());
        addSerializer(EstimatedCost.class, new PlanJson.CostWriter());
        addSerializer(MaintenanceAction.class, new PlanJson.ActionWriter());
        addSerializer(MaintenancePlan.class, new PlanJson.PlanWriter());
        addSerializer(ActionExecution.class, new ExecutionJson.ActionExecutionWriter());
        addSerializer(ExecutionReport.class, new ExecutionJson.ReportWriter());
        addSerializer(TierResult.class, new ExecutionJson.TierWriter());
        addDeserializer(EstimatedCost.class, new WriteOnly<>(EstimatedCost.class));
        addDeserializer(MaintenanceAction.class, new WriteOnly<>(MaintenanceAction.class));
        addDeserializer(MaintenancePlan.class, new WriteOnly<>(MaintenancePlan.class));
        addDeserializer(ActionExecution.class, new WriteOnly<>(ActionExecution.class));
        addDeserializer(ExecutionReport.class, new WriteOnly<>(ExecutionReport.class));
        addDeserializer(TierResult.class, new WriteOnly<>(TierResult.class));
    }
}
