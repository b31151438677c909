package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.RedisEngine;
import io.maintkit.testkit.TestEngines;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dumps written by a real mariadb-dump and snapshots written by a real Redis. */
class EngineDumpsTest {

    @TempDir
    Path dir;

    @Test
    void mariadbDumpsFromTheRunnerVerifyAndEveryTruncationIsCorrupt() throws Exception {
        MariaDbEngine engine = TestEngines.mariadb();
        assumeTrue(engine.binDirectory().isPresent(), "no mariadb-dump for an external server");
        Path tool = engine.binDirectory().get().resolve("mariadb-dump");
        try (Connection c = engine.createDatabase("shop").getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(100), price DECIMAL(10,2))");
            for (int i = 0; i < 50; i++) {
                st.execute("INSERT INTO items VALUES (" + i + ", 'item " + i + "', " + (i * 3.5) + ")");
            }
        }
        BackupRunner runner = BackupRunner.mariadbDump(engine.host(), engine.port(), engine.user(), "shop")
                .executable(tool).into(BackupStore.directory(dir));
        if (!engine.password().isEmpty()) {
            runner = runner.password(engine.password().toCharArray());
        }
        BackupRun run = runner.run();
        assertThat(run.succeeded()).as(run.reason()).isTrue();
        String name = run.backup().orElseThrow().name();
        Path dump = dir.resolve(name);
        BackupVerification v = BackupVerifier.on(BackupStore.directory(dir)).checksums(ChecksumManifest.sha256())
                .verify(name);
        assertThat(v.verified()).as(v.detail()).isTrue();
        assertThat(v.format()).isEqualTo(BackupFormat.MYSQL_DUMP);

        Path damaged = Files.createDirectory(dir.resolve("damaged"));
        long size = Files.size(dump);
        for (long at : Damage.offsets(0, size, 60, 5)) {
            Path cut = Damage.truncated(dump, damaged, "cut.sql", at);
            assertThat(verify(cut).integrity()).as("cut at %d of %d", at, size)
                    .isEqualTo(BackupVerification.Integrity.CORRUPT);
        }
        String sha = run.sha256();
        for (long at : Damage.offsets(0, size, 40, 6)) {
            Damage.flipped(dump, damaged, name, at);
            Files.writeString(damaged.resolve("checksums.txt"), sha + "  " + name + "\n");
            BackupVerification f = BackupVerifier.on(BackupStore.directory(damaged))
                    .checksums(ChecksumManifest.sha256()).verify(name);
            assertThat(f.verified()).as("flip at %d", at).isFalse();
        }
    }

    @Test
    void redisSnapshotsVerifyAndEveryTruncationAndFlipIsCorrupt() throws Exception {
        RedisEngine redis = TestEngines.redis();
        assumeTrue(redis.dataDirectory().isPresent(), "no data directory for an external Redis");
        try (Socket s = new Socket(redis.host(), redis.port())) {
            for (int i = 0; i < 500; i++) {
                command(s, "SET", "key:" + i, "value " + i + " " + "x".repeat(i % 50));
            }
            command(s, "RPUSH", "list", "a", "b", "c");
            command(s, "HSET", "hash", "f1", "v1", "f2", "v2");
            command(s, "SAVE");
        }
        Path rdb = dir.resolve("redis.rdb");
        Files.copy(redis.dataDirectory().get().resolve("dump.rdb"), rdb);
        BackupVerification v = verify(rdb);
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.INTACT);
        assertThat(v.format()).isEqualTo(BackupFormat.REDIS_RDB);

        Path damaged = Files.createDirectory(dir.resolve("damaged"));
        long size = Files.size(rdb);
        for (long at : Damage.offsets(0, size, 60, 8)) {
            assertThat(verify(Damage.truncated(rdb, damaged, "cut.rdb", at)).integrity())
                    .as("cut at %d of %d", at, size).isEqualTo(BackupVerification.Integrity.CORRUPT);
        }
        for (long at : Damage.offsets(0, size, 80, 9)) {
            assertThat(verify(Damage.flipped(rdb, damaged, "flip.rdb", at)).integrity())
                    .as("flip at %d of %d", at, size).isEqualTo(BackupVerification.Integrity.CORRUPT);
        }
    }

    private static BackupVerification verify(Path file) throws Exception {
        return BackupVerifier.on(BackupStore.directory(file.getParent())).verify(file.getFileName().toString());
    }

    private static void command(Socket s, String... args) throws Exception {
        StringBuilder sb = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        OutputStream out = s.getOutputStream();
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = s.getInputStream();
        int first = in.read();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            line.append((char) c);
        }
        assertThat((char) first).as("reply to %s: %s", args[0], line).isNotEqualTo('-');
    }
}
