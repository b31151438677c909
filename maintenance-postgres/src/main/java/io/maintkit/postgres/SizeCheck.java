package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.SizeReport.RelationSize;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code postgres.size}: the database's size and its largest tables (with TOAST and indexes) and indexes, as
 * INFO findings, and a finding at a severity when the database crosses an optional size threshold. Ranking reads
 * page counts from {@code pg_class}, which locks nothing; only the ranked relations are measured. One query.
 */
public final class SizeCheck extends PostgresInspection<SizeCheck, SizeReport> {

    /** The check id. */
    public static final String ID = "postgres.size";
    /** How many of the largest tables and indexes are listed: 5. */
    public static final int DEFAULT_TOP = 5;

    private final int top;
    private final Threshold<DataSize> databaseSize;

    private SizeCheck(Context context, int top, Threshold<DataSize> databaseSize) {
        super(context);
        this.top = top;
        this.databaseSize = databaseSize;
    }

    /** A check with the defaults: the five largest, no database size threshold. */
    public static SizeCheck on(DataSource dataSource) {
        return new SizeCheck(Context.of(dataSource), DEFAULT_TOP, null);
    }

    @Override
    SizeCheck with(Context changed) {
        return new SizeCheck(changed, top, databaseSize);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check listing the {@code count} largest tables and indexes. */
    public SizeCheck top(int count) {
        return new SizeCheck(context, count, databaseSize);
    }

    /** This check raising a finding when the database's size crosses these limits. */
    public SizeCheck databaseSize(Threshold<DataSize> limits) {
        return new SizeCheck(context, top, limits);
    }

    /** The database size threshold, if one is set. */
    public Optional<Threshold<DataSize>> databaseSize() {
        return Optional.ofNullable(databaseSize);
    }

    @Override
    public SizeReport inspect() throws SQLException {
        try (Session session = context.open()) {
            List<Finding> findings = new ArrayList<>();
            List<RelationSize> largest = new ArrayList<>();
            String[] schemas = context.scope().schemaArray();
            DataSize measured = DataSize.ZERO;
            for (Row r : session.query(Sql.load("sizes"), schemas, schemas, top, schemas, schemas, top)) {
                DataSize size = DataSize.ofBytes(r.longValue("size_bytes"));
                String kind = r.text("kind");
                if ("database".equals(kind)) {
                    measured = size;
                    Severity s = databaseSize == null ? Severity.INFO : databaseSize.evaluate(size);
                    findings.add(Finding.of(ID, "database-size", r.text("subject"),
                                    s == Severity.OK ? Severity.INFO : s, "database size " + size)
                            .withMeasurements(Measurement.bytes("size_bytes", size)));
                } else {
                    boolean table = "table".equals(kind);
                    largest.add(new RelationSize(r.text("subject"),
                            table ? RelationSize.Type.TABLE : RelationSize.Type.INDEX, size));
                    findings.add(Finding.of(ID, table ? "largest-table" : "largest-index", r.text("subject"),
                                    Severity.INFO, (table ? "table with TOAST and indexes " : "index ") + size)
                            .withMeasurements(Measurement.bytes("size_bytes", size)));
                }
            }
            return new SizeReport(session.database(), session.versionNum(), measured, largest, findings);
        }
    }
}
