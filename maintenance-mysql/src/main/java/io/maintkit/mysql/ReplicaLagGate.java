package io.maintkit.mysql;

import io.maintkit.mysql.internal.RetentionSpec;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Asks replicas for their lag through the replication check's reading of {@code SHOW REPLICA STATUS} /
 * {@code SHOW SLAVE STATUS} (whichever the server speaks, columns by name): a retention run waits while any channel
 * lags beyond the limit, or its lag is unknown (a stopped SQL thread reports none, an unreachable replica cannot
 * say), or the server is not a replica.
 */
final class ReplicaLagGate implements RetentionSpec.ReplicaGate {

    private final Duration limit;
    private final List<DataSource> replicas;

    ReplicaLagGate(Duration limit, List<DataSource> replicas) {
        this.limit = limit;
        this.replicas = List.copyOf(replicas);
    }

    @Override
    public String lagging() throws SQLException {
        for (int i = 0; i < replicas.size(); i++) {
            String name = "replica " + (i + 1);
            try (Session s = Session.open(replicas.get(i), SessionSettings.DEFAULT_STATEMENT_TIMEOUT,
                    SessionSettings.DEFAULTS.lockTimeoutSeconds())) {
                List<ReplicaChannel> channels = new ArrayList<>();
                Session.Attempt read = ReplicationCheck.channels(s, channels);
                if (!read.succeeded()) {
                    return name + ": cannot read its replication status: " + read.reason();
                }
                if (channels.isEmpty()) {
                    return name + " is not a replica (no replication channel)";
                }
                for (ReplicaChannel c : channels) {
                    Optional<Duration> lag = c.lag();
                    String channel = name + (c.name().isEmpty() ? "" : " channel " + c.name());
                    if (lag.isEmpty()) {
                        return channel + ": lag unknown (SQL thread " + c.sqlThread() + ", IO thread "
                                + c.ioThread() + ")";
                    }
                    if (lag.get().compareTo(limit) > 0) {
                        return channel + " lags " + Texts.age(lag.get()) + ", over the limit of "
                                + Texts.age(limit);
                    }
                }
            } catch (SQLException e) {
                // An unreachable replica's lag is unknown: the run waits for it like for any other unknown lag.
                return name + " unreachable: " + e.getMessage();
            }
        }
        return null;
    }
}
