package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.EstimatedCost;
import io.maintkit.core.LockImpact;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.postgres.AnalyzeReport.TableAnalyze;
import io.maintkit.postgres.IndexReport.IndexProblem;
import io.maintkit.postgres.VacuumReport.TableVacuum;
import io.maintkit.postgres.WraparoundReport.FreezeAge;
import io.maintkit.postgres.internal.Identifiers;
import io.maintkit.postgres.internal.Texts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The pure step of {@link VacuumPlanner}: from the typed reports and the catalog's facts about the relations they
 * name, which statements to run, why, in what order. Touches no database.
 */
final class VacuumPlanRules {

    /** ANALYZE reads at most 300 x default_statistics_target (100) pages. */
    static final long ANALYZE_SAMPLE_PAGES = 30_000;
    private static final Pattern LEFTOVER = Pattern.compile(".*_cc(new|old)[0-9]*");

    private VacuumPlanRules() {
    }

    /** What a statement does; each verb runs one kind of step. */
    enum Verb {
        /** {@code VACUUM (FREEZE, ANALYZE)}. */
        FREEZE("VACUUM (FREEZE, ANALYZE) "),
        /** {@code VACUUM (ANALYZE)}. */
        VACUUM("VACUUM (ANALYZE) "),
        /** {@code ANALYZE}. */
        ANALYZE("ANALYZE "),
        /** {@code DROP INDEX CONCURRENTLY} of a failed REINDEX's leftover. */
        DROP_LEFTOVER("DROP INDEX CONCURRENTLY "),
        /** {@code REINDEX INDEX CONCURRENTLY}. */
        REINDEX("REINDEX INDEX CONCURRENTLY "),
        /** {@code VACUUM (FULL, ANALYZE)}. */
        VACUUM_FULL("VACUUM (FULL, ANALYZE) "),
        /** A {@code pg_repack --table} run; its command line is the planner's. */
        REPACK("");

        private final String sql;

        Verb(String sql) {
            this.sql = sql;
        }

        /** The SQL statement on {@code relation}. */
        String sql(Relation relation) {
            return sql + relation.qualified();
        }
    }

    /**
     * A relation a plan names, as the catalog describes it.
     *
     * @param subject    {@code schema.name} as {@code format('%I.%I')} writes it
     * @param schema     the schema, unquoted
     * @param name       the relation's name, unquoted
     * @param index      whether it is an index
     * @param valid      for an index whether it is valid; true for a table
     * @param size       its main fork's size
     * @param totalSize  with its TOAST table and indexes (for a table)
     * @param tableSchema for an index its table's schema, for a table its own
     * @param tableName  for an index its table's name, for a table its own
     * @param tableSize  for an index its table's size
     * @param repackKey  for a table whether pg_repack can rebuild it online (a primary key or a unique index on NOT
     *                   NULL columns)
     */
    record Relation(String subject, String schema, String name, boolean index, boolean valid, DataSize size,
                    DataSize totalSize, String tableSchema, String tableName, DataSize tableSize, boolean repackKey) {

        String qualified() {
            return Identifiers.qualified(schema, name);
        }

        String qualifiedTable() {
            return Identifiers.qualified(tableSchema, tableName);
        }
    }

    /**
     * How bloated tables may be rebuilt.
     *
     * @param allowed       whether rebuilds were allowed at all
     * @param window        whether a window was given (VACUUM FULL needs one)
     * @param whyNotRepack  for a table, why pg_repack is not used ("" when there is nothing to say), or null when it is
     */
    record Rebuilds(boolean allowed, boolean window, Function<Relation, String> whyNotRepack) {
    }

    /**
     * One planned statement, before it is given a step.
     *
     * @param tier      what orders it first: freeze 0, vacuum 1, analyze 2, invalid index 3, bloated index 4, rebuild 5
     * @param severity  then the worst severity
     * @param magnitude then the largest figure (XID age, dead tuples, bytes)
     * @param verb      what it does
     * @param relation  what it does it to
     * @param reason    why, with the numbers
     * @param lock      what it blocks
     * @param cost      what it reads, needs and frees
     * @param bloat     for a rebuild its table's bloat, else null
     */
    record Draft(int tier, Severity severity, double magnitude, Verb verb, Relation relation, String reason,
                 LockImpact lock, EstimatedCost cost, RelationBloat bloat) {
    }

    /**
     * The reports' needs, by subject.
     *
     * @param freeze        tables in wraparound danger
     * @param vacuum        tables with dead tuples past their trigger (times the planner's ratio)
     * @param analyze       tables never analyzed or analyzed too long ago
     * @param invalid       invalid indexes
     * @param bloatedIndex  indexes rated WARNING or worse by the bloat inspection
     * @param bloatedTable  tables rated WARNING or worse by the bloat inspection
     */
    record Needs(Map<String, FreezeAge> freeze, Map<String, TableVacuum> vacuum, Map<String, TableAnalyze> analyze,
                 Set<String> invalid, Map<String, RelationBloat> bloatedIndex,
                 Map<String, RelationBloat> bloatedTable) {

        /** Every subject named, for one catalog query. */
        Set<String> subjects() {
            Set<String> all = new LinkedHashSet<>(freeze.keySet());
            all.addAll(vacuum.keySet());
            all.addAll(analyze.keySet());
            all.addAll(invalid);
            all.addAll(bloatedIndex.keySet());
            all.addAll(bloatedTable.keySet());
            return all;
        }
    }

    /** What the reports ask for. */
    static Needs needs(double minimumDeadTupleRatio, BloatReport bloat, WraparoundReport wraparound,
                       VacuumReport vacuum, AnalyzeReport analyze, IndexReport indexes) {
        Map<String, RelationBloat> bloatedIndex = new LinkedHashMap<>();
        Map<String, RelationBloat> bloatedTable = new LinkedHashMap<>();
        for (RelationBloat r : bloat.withFigure()) {
            if (r.severity().isWorseThan(Severity.INFO)) {
                (r.kind() == RelationBloat.Kind.TABLE ? bloatedTable : bloatedIndex).put(r.subject(), r);
            }
        }
        Map<String, FreezeAge> freeze = new LinkedHashMap<>();
        for (FreezeAge a : wraparound.tables()) {
            if (a.severity().isWorseThan(Severity.INFO)) {
                freeze.merge(a.subject(), a, (x, y) -> x.xidAge() >= y.xidAge() ? x : y);
            }
        }
        Map<String, TableVacuum> dead = new LinkedHashMap<>();
        for (TableVacuum t : vacuum.tables()) {
            if (t.overdue() && t.deadTupleRatio() >= minimumDeadTupleRatio) {
                dead.put(t.subject(), t);
            }
        }
        Map<String, TableAnalyze> stale = new LinkedHashMap<>();
        analyze.tables().forEach(t -> stale.put(t.subject(), t));
        Set<String> invalid = new LinkedHashSet<>();
        indexes.problems(IndexProblem.Type.INVALID).forEach(p -> invalid.add(p.subject()));
        return new Needs(freeze, dead, stale, invalid, bloatedIndex, bloatedTable);
    }

    /**
     * The statements, most urgent first. A table gets one vacuum at most: a FREEZE covers a plain VACUUM, a VACUUM
     * covers an ANALYZE, a rebuild covers both and the REINDEX of its bloated indexes. Subjects the catalog no
     * longer knows are left out.
     */
    static List<Draft> drafts(Needs needs, Map<String, Relation> relations, long blockSize, Rebuilds rebuilds) {
        Map<String, Draft> rebuilt = new LinkedHashMap<>();
        if (rebuilds.allowed()) {
            needs.bloatedTable().forEach((subject, b) -> table(relations, subject).ifPresent(t -> {
                String notRepack = rebuilds.whyNotRepack().apply(t);
                if (notRepack == null) {
                    rebuilt.put(subject, rebuild(t, b, Verb.REPACK, ""));
                } else if (rebuilds.window()) {
                    rebuilt.put(subject, rebuild(t, b, Verb.VACUUM_FULL, notRepack));
                }
            }));
        }
        List<Draft> drafts = new ArrayList<>();
        needs.freeze().forEach((subject, a) -> table(relations, subject).ifPresent(t -> drafts.add(
                new Draft(0, a.severity(), a.xidAge(), Verb.FREEZE, t, "wraparound: " + freezeReason(a),
                        LockImpact.NONE, EstimatedCost.reading(t.size()), null))));
        needs.vacuum().forEach((subject, v) -> {
            if (!needs.freeze().containsKey(subject) && !rebuilt.containsKey(subject)) {
                table(relations, subject).ifPresent(t -> drafts.add(new Draft(1, v.severity(), v.deadTuples(),
                        Verb.VACUUM, t, vacuumReason(v), LockImpact.NONE, EstimatedCost.reading(t.size()), null)));
            }
        });
        needs.analyze().forEach((subject, a) -> {
            if (!needs.freeze().containsKey(subject) && !needs.vacuum().containsKey(subject)
                    && !rebuilt.containsKey(subject)) {
                table(relations, subject).ifPresent(t -> drafts.add(new Draft(2, a.severity(),
                        a.modifiedSinceAnalyze(), Verb.ANALYZE, t, analyzeReason(a), LockImpact.NONE,
                        EstimatedCost.reading(DataSize.ofBytes(Math.min(t.size().bytes(),
                                ANALYZE_SAMPLE_PAGES * blockSize))), null)));
            }
        });
        Set<String> indexSubjects = new LinkedHashSet<>(needs.invalid());
        indexSubjects.addAll(needs.bloatedIndex().keySet());
        for (String subject : indexSubjects) {
            Relation r = relations.get(subject);
            if (r == null || !r.index()) {
                continue;
            }
            RelationBloat b = needs.bloatedIndex().get(subject);
            if (!r.valid() && LEFTOVER.matcher(r.name()).matches()) {
                drafts.add(new Draft(3, Severity.WARNING, r.size().bytes(), Verb.DROP_LEFTOVER, r,
                        "invalid index left by a failed REINDEX CONCURRENTLY on " + r.qualifiedTable()
                                + ": it slows every write and serves no query", LockImpact.NONE,
                        EstimatedCost.NONE.freeing(r.size()), null));
            } else if (!r.valid() || (b != null && !rebuilt.containsKey(b.table()))) {
                drafts.add(reindex(r, b));
            }
        }
        drafts.addAll(rebuilt.values());
        drafts.sort(Comparator.comparingInt(Draft::tier).thenComparingInt(d -> -d.severity().rank())
                .thenComparingDouble(d -> -d.magnitude()).thenComparing(d -> d.relation().subject()));
        return drafts;
    }

    private static java.util.Optional<Relation> table(Map<String, Relation> relations, String subject) {
        Relation r = relations.get(subject);
        return r != null && !r.index() ? java.util.Optional.of(r) : java.util.Optional.empty();
    }

    private static Draft reindex(Relation r, RelationBloat b) {
        DataSize bloatBytes = b == null ? DataSize.ZERO : b.bloat();
        List<String> why = new ArrayList<>();
        if (!r.valid()) {
            why.add("invalid index (a failed CREATE INDEX CONCURRENTLY or REINDEX): it slows every write and serves"
                    + " no query");
        }
        if (b != null) {
            why.add(bloatSummary(b));
        }
        return new Draft(r.valid() ? 4 : 3, r.valid() ? b.severity() : Severity.WARNING, bloatBytes.bytes(),
                Verb.REINDEX, r, String.join("; ", why) + "; rebuilt without blocking reads or writes",
                LockImpact.NONE, new EstimatedCost(r.tableSize(),
                DataSize.ofBytes(Math.max(0, r.size().bytes() - bloatBytes.bytes())), bloatBytes), null);
    }

    private static Draft rebuild(Relation t, RelationBloat b, Verb verb, String notRepack) {
        DataSize extra = DataSize.ofBytes(Math.max(0, t.totalSize().bytes() - b.bloat().bytes()));
        String reason = verb == Verb.REPACK
                ? bloatSummary(b) + "; rebuilds the table and its indexes online with pg_repack, needing " + extra
                + " of free disk for the copy and its change log; reads and writes go on, but for two brief exclusive"
                + " locks (start and swap), each asked for with a lock timeout of at most 1 s and never by killing"
                + " other sessions"
                : bloatSummary(b) + "; rewrites the table and its indexes, needing " + extra + " of free disk for the"
                + " copy" + (notRepack.isEmpty() ? "" : "; " + notRepack);
        return new Draft(5, b.severity(), b.bloat().bytes(), verb, t, reason,
                verb == Verb.REPACK ? LockImpact.NONE : LockImpact.BLOCKS_READS_AND_WRITES,
                new EstimatedCost(t.totalSize(), extra, b.bloat()), b);
    }

    static String bloatSummary(RelationBloat b) {
        return (b.kind() == RelationBloat.Kind.TABLE ? "table" : "index") + " bloat " + b.bloatPercent() + " ("
                + b.bloat() + " of " + b.size() + ", " + b.mode().name().toLowerCase(Locale.ROOT) + ", "
                + b.confidence().name().toLowerCase(Locale.ROOT) + " confidence)";
    }

    private static String freezeReason(FreezeAge a) {
        return (a.scope() == FreezeAge.Scope.TOAST_TABLE ? "TOAST table " : "") + "XID age " + Texts.count(a.xidAge())
                + ", " + Percent.ratio(a.xidAge(), a.xidFreezeMax()) + " of autovacuum_freeze_max_age ("
                + Texts.count(a.xidFreezeMax()) + "); multixact age " + Texts.count(a.multixactAge()) + ", "
                + Percent.ratio(a.multixactAge(), a.multixactFreezeMax()) + " of"
                + " autovacuum_multixact_freeze_max_age";
    }

    private static String vacuumReason(TableVacuum v) {
        return Texts.count(v.deadTuples()) + " dead tuples, " + Texts.times(v.deadTupleRatio())
                + " its autovacuum trigger of " + Texts.count(v.autovacuumTrigger())
                + (v.autovacuumEnabled() ? "" : ": autovacuum will not run on it");
    }

    private static String analyzeReason(TableAnalyze a) {
        return a.lastAnalyzeAge().map(age -> Texts.count(a.modifiedSinceAnalyze()) + " rows modified since the last"
                        + " analyze " + Texts.age(age) + " ago, its analyze trigger is "
                        + Texts.count(a.analyzeTrigger()))
                .orElse("never analyzed since the statistics were reset (" + Texts.count(a.liveTuples())
                        + " live rows, " + Texts.count(a.modifiedSinceAnalyze()) + " modified)");
    }
}
