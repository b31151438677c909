package io.maintkit.mysql.internal;

import io.maintkit.mysql.ServerVersion;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The indexes and foreign keys of the tables an inspection reads, in two catalog queries whatever the number of
 * tables (three on MariaDB without the {@code PROCESS} privilege): {@code STATISTICS} for the indexes, InnoDB's own
 * dictionary or {@code KEY_COLUMN_USAGE} for the foreign keys. Tables are keyed by {@link #table(String, String)}.
 *
 * <p>MariaDB's dictionary names tables by their file names, in which some letters ({@code é}, {@code ï}) are
 * two-character codes {@link TableFileNames} does not decode: when the dictionary holds such a name, the foreign
 * keys are read from the catalog instead, at the cost of opening every table's definition, and a reader that must
 * never depend on the dictionary asks for the catalog from the start.
 */
public final class KeyCatalog {

    private final Map<String, Map<String, KeyDefinition>> keys;
    private final Map<String, Map<String, ForeignKeyDefinition>> foreignKeys;

    private KeyCatalog(Map<String, Map<String, KeyDefinition>> keys,
                       Map<String, Map<String, ForeignKeyDefinition>> foreignKeys) {
        this.keys = keys;
        this.foreignKeys = foreignKeys;
    }

    /** The key of a table in this catalog: schema and name joined by a NUL, which no identifier holds. */
    public static String table(String schema, String table) {
        return schema + "\u0000" + table;
    }

    /** {@code {schema, table}} from a key made by {@link #table(String, String)}. */
    public static String[] split(String tableKey) {
        return tableKey.split("\u0000", 2);
    }

    /**
     * Reads the indexes and foreign keys of the tables {@code wanted} accepts (schema, table).
     *
     * @param session    the session to read through
     * @param wanted     which tables (schema, table) to keep
     * @param dictionary on MariaDB, whether to read foreign keys from InnoDB's dictionary, which opens no table
     *                   (the catalog is read instead when the dictionary holds a name it cannot decode);
     *                   false reads the catalog
     * @return the catalog
     * @throws SQLException when a catalog query fails
     */
    public static KeyCatalog read(Session session, BiPredicate<String, String> wanted, boolean dictionary)
            throws SQLException {
        return new KeyCatalog(keys(session, wanted), foreignKeys(session, wanted, dictionary));
    }

    /** The indexes of a table, in the catalog's order; empty when it has none or was not read. */
    public List<KeyDefinition> keys(String tableKey) {
        return List.copyOf(keys.getOrDefault(tableKey, Map.of()).values());
    }

    /** The foreign keys of a table; empty when it has none or was not read. */
    public List<ForeignKeyDefinition> foreignKeys(String tableKey) {
        return List.copyOf(foreignKeys.getOrDefault(tableKey, Map.of()).values());
    }

    private static Map<String, Map<String, KeyDefinition>> keys(Session session, BiPredicate<String, String> wanted)
            throws SQLException {
        ServerVersion server = session.server();
        String hidden = server.isMariaDb() ? (server.atLeast(10, 6, 0) ? "s.IGNORED = 'YES'" : "0")
                : (server.atLeast(8, 0, 0) ? "s.IS_VISIBLE = 'NO'" : "0");
        String expression = !server.isMariaDb() && server.atLeast(8, 0, 13) ? "s.EXPRESSION" : "NULL";
        Map<String, Map<String, KeyDefinition>> keys = new HashMap<>();
        for (Row r : session.query(Sql.load("index-columns", Map.of("hidden", hidden, "expression", expression)))) {
            if (!wanted.test(r.text("table_schema"), r.text("table_name"))) {
                continue;
            }
            KeyDefinition k = keys.computeIfAbsent(key(r), t -> new LinkedHashMap<>())
                    .computeIfAbsent(r.text("index_name"), n -> new KeyDefinition(n, r.text("index_type"),
                            r.longValue("non_unique") == 0, r.flag("hidden")));
            k.addColumn(r.text("column_name"), r.text("expression"),
                    r.isNull("sub_part") ? null : r.longValue("sub_part"),
                    "YES".equalsIgnoreCase(r.text("nullable")), "D".equals(r.text("collation")));
        }
        return keys;
    }

    /**
     * Every foreign key of the tables wanted. On MariaDB when asked, from InnoDB's own dictionary
     * ({@code INNODB_SYS_FOREIGN}), which opens no table (only InnoDB has foreign keys there); without the
     * {@code PROCESS} privilege it needs, and on MySQL (whose catalog opens no table either), from
     * {@code KEY_COLUMN_USAGE}.
     */
    private static Map<String, Map<String, ForeignKeyDefinition>> foreignKeys(Session session,
                                                                            BiPredicate<String, String> wanted,
                                                                            boolean dictionary)
            throws SQLException {
        Map<String, Map<String, ForeignKeyDefinition>> fks = new HashMap<>();
        if (dictionary && session.server().isMariaDb()) {
            Session.Attempt innodb = session.attempt(Sql.load("foreign-keys-mariadb"));
            if (innodb.succeeded() && innodb.rows().stream().allMatch(r -> TableFileNames.decodable(r.text("for_name"))
                    && TableFileNames.decodable(r.text("ref_name")) && TableFileNames.decodable(r.text("id")))) {
                for (Row r : innodb.rows()) {
                    String[] child = TableFileNames.split(r.text("for_name"));
                    String[] parent = TableFileNames.split(r.text("ref_name"));
                    String[] id = TableFileNames.split(r.text("id"));
                    if (!wanted.test(child[0], child[1])) {
                        continue;
                    }
                    fks.computeIfAbsent(table(child[0], child[1]), t -> new LinkedHashMap<>())
                            .computeIfAbsent(id[1], n -> new ForeignKeyDefinition(n, parent[0], parent[1]))
                            .addColumn(r.text("column_name"), r.text("ref_column"));
                }
                return fks;
            }
        }
        for (Row r : session.query(Sql.load("foreign-keys"))) {
            if (wanted.test(r.text("table_schema"), r.text("table_name"))) {
                fks.computeIfAbsent(key(r), t -> new LinkedHashMap<>()).computeIfAbsent(r.text("constraint_name"),
                                n -> new ForeignKeyDefinition(n, r.text("ref_schema"), r.text("ref_table")))
                        .addColumn(r.text("column_name"), r.text("ref_column"));
            }
        }
        return fks;
    }

    private static String key(Row r) {
        return table(r.text("table_schema"), r.text("table_name"));
    }
}
