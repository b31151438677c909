package io.maintkit.mysql;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One replication channel of a replica, from {@code SHOW REPLICA STATUS} / {@code SHOW SLAVE STATUS} (MariaDB:
 * {@code SHOW ALL REPLICAS STATUS}), read by column name whatever the version calls them.
 *
 * @param name            the channel or connection name; empty for the default one
 * @param source          {@code host:port} of the source (primary)
 * @param sourceServerId  the source's {@code server_id}; 0 when unknown
 * @param ioThread        the IO thread's state: {@code Yes}, {@code No} or {@code Connecting}
 * @param sqlThread       the SQL thread's state: {@code Yes} or {@code No}
 * @param lag             {@code Seconds_Behind_Source}/{@code Seconds_Behind_Master}; empty when unknown (NULL)
 * @param lastIoError     the IO thread's last error, empty for none
 * @param lastSqlError    the SQL thread's last error, empty for none
 * @param executedLogFile the source's binary log the SQL thread executes from ({@code Relay_Master_Log_File}):
 *                        the oldest log this replica still needs
 */
public record ReplicaChannel(String name, String source, long sourceServerId, String ioThread, String sqlThread,
                             Optional<Duration> lag, String lastIoError, String lastSqlError,
                             String executedLogFile) {

    /** Validates. */
    public ReplicaChannel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lag, "lag");
    }
}
