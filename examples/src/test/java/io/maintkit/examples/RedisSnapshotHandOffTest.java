package io.maintkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.maintkit.backup.BackupFormat;
import io.maintkit.backup.BackupStore;
import io.maintkit.backup.BackupVerification;
import io.maintkit.backup.BackupVerifier;
import io.maintkit.redis.RedisSnapshot;
import io.maintkit.redis.SnapshotReport;
import io.maintkit.testkit.RedisBinary;
import io.maintkit.testkit.RedisProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A host hands the RDB file of a Redis snapshot to the backup module's verifier: the two modules do not know each
 * other, the host joins them with a {@link Path}.
 */
class RedisSnapshotHandOffTest {

    @Test
    void theSnapshotsRdbFileVerifiesAsAnIntactRedisSnapshot() throws Exception {
        try (RedisProcess redis = RedisProcess.start(RedisBinary.EMBEDDED_6_2)) {
            RedisClient client = RedisClient.create(redis.uri());
            try {
                try (var connection = client.connect()) {
                    for (int i = 0; i < 1_000; i++) {
                        connection.sync().hset("user:" + i, "name", "user " + i);
                    }
                }
                SnapshotReport snapshot = RedisSnapshot.on(client).take().single().orElseThrow();
                Path rdb = snapshot.localFile().orElseThrow();
                BackupVerification verification = BackupVerifier.on(BackupStore.directory(rdb.getParent()))
                        .verify(rdb.getFileName().toString());
                assertThat(verification.format()).isEqualTo(BackupFormat.REDIS_RDB);
                assertThat(verification.verified()).as(verification.detail()).isTrue();
            } finally {
                client.shutdown();
            }
        }
    }
}
