package io.maintkit.postgres;

/** How {@link BloatInspector} measures bloat. */
public enum BloatMode {
    /** From statistics and catalogs only; reads no table data. Cheap, close when statistics are fresh. */
    ESTIMATE,
    /**
     * {@code pgstattuple_approx} for tables (skips all-visible pages) and {@code pgstatindex} for B-tree indexes;
     * needs the {@code pgstattuple} extension.
     */
    APPROXIMATE,
    /** {@code pgstattuple} and {@code pgstatindex}: reads every page; needs the {@code pgstattuple} extension. */
    EXACT
}
