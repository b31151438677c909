package io.maintkit.backup;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens connections to a scratch database by its name, the way the host connects to its server (its driver, pool
 * settings, TLS and credentials): how a restore test checks its expectations in the database it restored into.
 *
 * <pre>{@code
 * ScratchConnections scratch = database -> {
 *     PGSimpleDataSource ds = new PGSimpleDataSource();
 *     ds.setServerNames(new String[] {"db-1"});
 *     ds.setDatabaseName(database);
 *     return ds.getConnection("restorer", secret);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ScratchConnections {

    /**
     * Opens a new connection to {@code database}; the caller closes it.
     *
     * @param database the scratch database's name, as the restore test created it
     * @return an open connection to that database
     * @throws SQLException when it cannot connect
     */
    Connection open(String database) throws SQLException;
}
