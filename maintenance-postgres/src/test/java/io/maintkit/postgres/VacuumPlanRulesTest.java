package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.DataSize;
import io.maintkit.core.LockImpact;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.postgres.AnalyzeReport.TableAnalyze;
import io.maintkit.postgres.IndexReport.IndexProblem;
import io.maintkit.postgres.VacuumPlanRules.Draft;
import io.maintkit.postgres.VacuumPlanRules.Rebuilds;
import io.maintkit.postgres.VacuumPlanRules.Relation;
import io.maintkit.postgres.VacuumReport.TableVacuum;
import io.maintkit.postgres.WraparoundReport.FreezeAge;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner's pure step: typed reports and catalog facts in, ordered statements out; no database. */
class VacuumPlanRulesTest {

    private static final String DB = "app";
    private static final Rebuilds NO_REBUILD = new Rebuilds(false, false, t -> "");
    private static final BloatReport NO_BLOAT = new BloatReport(DB, BloatMode.ESTIMATE, List.of(), List.of());

    private final Map<String, Relation> catalog = new LinkedHashMap<>();

    private Relation table(String name, long bytes) {
        Relation r = new Relation("public." + name, "public", name, false, true, DataSize.ofBytes(bytes),
                DataSize.ofBytes(bytes * 2), "public", name, DataSize.ofBytes(bytes), true);
        catalog.put(r.subject(), r);
        return r;
    }

    private Relation index(String name, String table, boolean valid) {
        Relation r = new Relation("public." + name, "public", name, true, valid, DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(1), "public", table, DataSize.ofMegabytes(10), false);
        catalog.put(r.subject(), r);
        return r;
    }

    private static TableVacuum dead(String name, long deadTuples, double trigger, Severity severity) {
        return new TableVacuum("public." + name, "public", name, deadTuples, 100_000, trigger, false, 0,
                Optional.of(Duration.ofDays(1)), true, severity);
    }

    private static TableAnalyze stale(String name, long modified) {
        return new TableAnalyze("public." + name, "public", name, modified, 10_000, 1050, Optional.empty(),
                Severity.WARNING);
    }

    private static RelationBloat bloated(RelationBloat.Kind kind, String name, String table) {
        return new RelationBloat(kind, "public", name, "public." + name, "public." + table, DataSize.ofMegabytes(100),
                DataSize.ofMegabytes(60), Percent.of(60), BloatMode.ESTIMATE, Confidence.HIGH, "fresh statistics",
                Severity.WARNING);
    }

    private static VacuumPlanRules.Needs needs(double ratio, BloatReport bloat, List<FreezeAge> ages,
                                               List<TableVacuum> vacuum, List<TableAnalyze> analyze,
                                               List<IndexProblem> indexes) {
        return VacuumPlanRules.needs(ratio, bloat, new WraparoundReport(DB, 170000, ages, List.of()),
                new VacuumReport(DB, 170000, true, vacuum, List.of()), new AnalyzeReport(DB, 170000, analyze,
                        List.of()), new IndexReport(DB, 170000, indexes, List.of()));
    }

    private static List<String> commands(List<Draft> drafts) {
        return drafts.stream().map(d -> d.verb().sql(d.relation())).toList();
    }

    @Test
    void oneStatementPerTableMostUrgentFirst() {
        table("frozen", 8192);
        table("small_dead", 8192);
        table("big_dead", 8192);
        table("stale", 8192);
        index("orders_k", "orders", false);
        index("orders_k_ccnew", "orders", false);
        FreezeAge frozen = new FreezeAge("public.frozen", FreezeAge.Scope.TABLE, 190_000_000, 200_000_000, 10,
                400_000_000, Severity.WARNING);
        VacuumPlanRules.Needs needs = needs(1, NO_BLOAT, List.of(frozen),
                List.of(dead("frozen", 9000, 100, Severity.WARNING), dead("small_dead", 2000, 100, Severity.WARNING),
                        dead("big_dead", 8000, 100, Severity.WARNING), dead("gone", 8000, 100, Severity.WARNING)),
                List.of(stale("small_dead", 5000), stale("stale", 3000)),
                List.of(problem(IndexProblem.Type.INVALID, "orders_k"), problem(IndexProblem.Type.INVALID,
                        "orders_k_ccnew"), problem(IndexProblem.Type.UNUSED, "orders_unused")));

        List<Draft> drafts = VacuumPlanRules.drafts(needs, catalog, 8192, NO_REBUILD);

        // a FREEZE covers the plain VACUUM and a VACUUM covers the ANALYZE; a table the catalog no longer has and
        // an unused index are left alone; a failed REINDEX's leftover is dropped, not rebuilt
        assertThat(commands(drafts)).containsExactly(
                "VACUUM (FREEZE, ANALYZE) \"public\".\"frozen\"",
                "VACUUM (ANALYZE) \"public\".\"big_dead\"",
                "VACUUM (ANALYZE) \"public\".\"small_dead\"",
                "ANALYZE \"public\".\"stale\"",
                "DROP INDEX CONCURRENTLY \"public\".\"orders_k_ccnew\"",
                "REINDEX INDEX CONCURRENTLY \"public\".\"orders_k\"");
        assertThat(drafts.get(0).reason()).contains("XID age 190,000,000").contains("95.0% of autovacuum_freeze");
        assertThat(drafts.get(1).reason()).contains("8,000 dead tuples").contains("80.0x")
                .contains("autovacuum will not run on it");
        assertThat(drafts.get(3).reason()).contains("never analyzed");
        assertThat(drafts).allMatch(d -> d.lock() == LockImpact.NONE);
    }

    @Test
    void aVacuumIsPlannedFromTheConfiguredMultipleOfTheTrigger() {
        table("churn", 8192);
        List<TableVacuum> oneAndAHalf = List.of(dead("churn", 1500, 1000, Severity.INFO));

        assertThat(VacuumPlanRules.drafts(needs(1, NO_BLOAT, List.of(), oneAndAHalf, List.of(), List.of()), catalog,
                8192, NO_REBUILD)).hasSize(1);
        assertThat(VacuumPlanRules.drafts(needs(2, NO_BLOAT, List.of(), oneAndAHalf, List.of(), List.of()), catalog,
                8192, NO_REBUILD)).isEmpty();
    }

    @Test
    void theAnalyzeSampleFollowsTheServersBlockSize() {
        table("huge", DataSize.ofGigabytes(10).bytes());
        VacuumPlanRules.Needs needs = needs(1, NO_BLOAT, List.of(), List.of(), List.of(stale("huge", 9000)),
                List.of());

        Draft at8k = VacuumPlanRules.drafts(needs, catalog, 8192, NO_REBUILD).get(0);
        Draft at32k = VacuumPlanRules.drafts(needs, catalog, 32768, NO_REBUILD).get(0);

        assertThat(at8k.cost().reads().bytes()).isEqualTo(VacuumPlanRules.ANALYZE_SAMPLE_PAGES * 8192);
        assertThat(at32k.cost().reads().bytes()).isEqualTo(VacuumPlanRules.ANALYZE_SAMPLE_PAGES * 32768);
    }

    @Test
    void aRelationWithoutABloatFigureIsNeverRebuilt() {
        table("hidden", DataSize.ofMegabytes(100).bytes());
        RelationBloat unmeasured = new RelationBloat(RelationBloat.Kind.TABLE, "public", "hidden", "public.hidden",
                "public.hidden", DataSize.ofMegabytes(100), DataSize.ZERO, Percent.of(0), BloatMode.EXACT,
                Confidence.LOW, "pgstattuple is not installed", Severity.UNKNOWN, RelationBloat.State.NOT_MEASURED);
        BloatReport bloat = new BloatReport(DB, BloatMode.EXACT, List.of(unmeasured), List.of());

        assertThat(VacuumPlanRules.drafts(needs(1, bloat, List.of(), List.of(), List.of(), List.of()), catalog, 8192,
                new Rebuilds(true, true, t -> ""))).isEmpty();
    }

    @Test
    void aRebuildNeedsTheOptInAndAWindowUnlessPgRepackCanRunOnline() {
        table("swollen", DataSize.ofMegabytes(100).bytes());
        index("swollen_pkey", "swollen", true);
        BloatReport bloat = new BloatReport(DB, BloatMode.ESTIMATE, List.of(
                bloated(RelationBloat.Kind.TABLE, "swollen", "swollen"),
                bloated(RelationBloat.Kind.INDEX, "swollen_pkey", "swollen")), List.of());
        VacuumPlanRules.Needs needs = needs(1, bloat, List.of(), List.of(dead("swollen", 5000, 100,
                Severity.WARNING)), List.of(stale("swollen", 5000)), List.of());

        assertThat(commands(VacuumPlanRules.drafts(needs, catalog, 8192, NO_REBUILD))).containsExactly(
                "VACUUM (ANALYZE) \"public\".\"swollen\"", "REINDEX INDEX CONCURRENTLY \"public\".\"swollen_pkey\"");
        assertThat(commands(VacuumPlanRules.drafts(needs, catalog, 8192, new Rebuilds(true, false, t -> ""))))
                .noneMatch(c -> c.contains("FULL"));

        // with a window: the rewrite covers the vacuum, the analyze and the REINDEX of the table's index
        List<Draft> full = VacuumPlanRules.drafts(needs, catalog, 8192,
                new Rebuilds(true, true, t -> "pg_repack is not used: the extension is not installed"));
        assertThat(full).singleElement().satisfies(d -> {
            assertThat(d.verb()).isEqualTo(VacuumPlanRules.Verb.VACUUM_FULL);
            assertThat(d.lock()).isEqualTo(LockImpact.BLOCKS_READS_AND_WRITES);
            assertThat(d.reason()).contains("table bloat 60.0%").contains("the extension is not installed");
            assertThat(d.cost().frees()).isEqualTo(DataSize.ofMegabytes(60));
        });

        // pg_repack usable: online, no window needed
        assertThat(VacuumPlanRules.drafts(needs, catalog, 8192, new Rebuilds(true, false, t -> null)))
                .singleElement().satisfies(d -> {
                    assertThat(d.verb()).isEqualTo(VacuumPlanRules.Verb.REPACK);
                    assertThat(d.lock()).isEqualTo(LockImpact.NONE);
                });
    }

    private static IndexProblem problem(IndexProblem.Type type, String index) {
        return new IndexProblem(type, "public." + index, "public.orders", DataSize.ofMegabytes(1), Optional.empty(),
                Severity.WARNING);
    }
}
