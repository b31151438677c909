package io.maintkit.runbook;

import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.TierResult;

import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A host's code as javac compiles it, run by {@link OptionalEnginesTest} in a class loader that holds the PostgreSQL
 * module only: it builds, prints and runs the standard runbook.
 */
public final class PostgresOnlyHost implements Function<DataSource, String> {

    @Override
    public String apply(DataSource dataSource) {
        StandardRunbook standard = StandardRunbook.on().postgres(dataSource);
        TierResult daily = standard.runbook().tier(StandardRunbook.DAILY).run(ExecutionOptions.defaults());
        return standard.describe() + "ran: " + daily.ran() + ", checks: "
                + daily.checks().orElseThrow().results().size();
    }
}
