package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maintkit.core.internal.Executables;
import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.RedisEngine;
import io.maintkit.testkit.TestEngines;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by the real pg_dump, pg_dumpall, mariadb-dump and Redis that an operator keeps: healthy ones must
 * verify, damaged ones must be CORRUPT where the damage is provable, and complete dumps made without their trailer
 * must be UNVERIFIABLE, never CORRUPT.
 */
class DumpToolOutputsTest {

    private static final String DATABASE = "tool_outputs";

    @TempDir
    static Path dir;

    static PostgresEngine postgres;

    @BeforeAll
    static void source() throws Exception {
        assumeTrue(Executables.onPath("pg_dumpall").isPresent(), "pg_dumpall is not on the PATH");
        postgres = TestEngines.postgres();
        DataSource ds = postgres.createDatabase(DATABASE);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS orders (id int PRIMARY KEY, note text)");
            st.execute("INSERT INTO orders SELECT i, md5(i::text) FROM generate_series(1, 500) i"
                    + " ON CONFLICT DO NOTHING");
            st.execute("CREATE OR REPLACE FUNCTION odd_body() RETURNS text LANGUAGE sql AS $$SELECT '\n"
                    + "\\restrict lookalike inside a function body'$$");
        }
    }

    @Test
    void healthyPgDumpallFilesVerifyPlainAndGzipped() throws Exception {
        Path globals = pgTool("globals.sql", "pg_dumpall", "--globals-only");
        Path cluster = pgTool("cluster.sql", "pg_dumpall");
        assertThat(Files.readString(cluster)).as("one \\restrict per database and one for the globals")
                .containsPattern("(?s)\\\\restrict .*\\\\connect .*\\\\restrict .*\\\\restrict ");
        for (Path file : List.of(globals, cluster, gzip(globals), gzip(cluster))) {
            BackupVerification v = verify(file);
            assertThat(v.integrity()).as("%s: %s", file.getFileName(), v.detail())
                    .isEqualTo(BackupVerification.Integrity.INTACT);
            assertThat(v.detail()).contains("closed");
        }
        Path dropped = damaged(cluster, "no-inner-unrestrict.sql",
                removeLine(Files.readString(cluster), secondLineStartingWith(Files.readString(cluster),
                        "\\unrestrict ")));
        BackupVerification v = verify(dropped);
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(v.problem()).isEqualTo("restrict-mismatch");
    }

    @Test
    void aPlainDumpWhoseFirstRestrictLineIsDamagedIsCorruptAndPsqlStopsOnIt() throws Exception {
        Path plain = pgTool("plain.sql", "pg_dump", "--format=plain", DATABASE);
        String text = Files.readString(plain);
        assertThat(text).contains("\\restrict ");
        String broken = text.replaceFirst("\\\\restrict ", "\\\\rest#ict ");
        Path file = damaged(plain, "first-line.sql", broken);
        BackupVerification v = verify(file);
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(v.problem()).isEqualTo("restrict-mismatch");
        Process psql = new ProcessBuilder("psql", "-X", "-v", "ON_ERROR_STOP=1", "--host", postgres.host(), "--port",
                Integer.toString(postgres.port()), "--username", postgres.user(), "--no-password", "--dbname",
                "postgres", "--file", file.toString()).redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(psql.waitFor()).as("psql on the damaged script: %s", out).isNotZero();
        assertThat(out).contains("invalid command");
    }

    @Test
    void aFlippedRevisionByteOfACustomArchiveIsCorrupt() throws Exception {
        Path archive = pgTool("custom.dump", "pg_dump", "--format=custom", DATABASE);
        byte[] bytes = Files.readAllBytes(archive);
        assertThat(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("PGDMP");
        bytes[7] = (byte) 255;
        Path file = damaged(archive, "revision.dump", bytes);
        BackupVerification v = verify(file);
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(v.problem()).isEqualTo("header-invalid");
        assertThat(v.detail()).contains("1.14.255");
        assertThat(pgRestore(file, "--file=/dev/null")).as("pg_restore on archive 1.14.255").isNotZero();
    }

    @Test
    void aTableDataEntryWhoseDependencyIsNoLongerTheNumberOfAnEntryIsCorrupt() throws Exception {
        Path archive = pgTool("custom-deps.dump", "pg_dump", "--format=custom", DATABASE);
        byte[] bytes = Files.readAllBytes(archive);
        int dependency = tableDataDependency(bytes, "COPY public.orders ");
        int length = bytes[dependency - 4] & 0xff;
        byte[] beyond = "99999999".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        edited.write(bytes, 0, dependency - 4);
        edited.write(new byte[] {(byte) beyond.length, 0, 0, 0});
        edited.write(beyond);
        edited.write(bytes, dependency + length, bytes.length - dependency - length);
        Path file = damaged(archive, "dependency.dump", edited.toByteArray());
        assertThat(pgRestoreOutput(file, "--file=/dev/null")).contains("bad table dumpId for TABLE DATA item");
        BackupVerification v = verify(file);
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(v.problem()).isEqualTo("toc-invalid");
        assertThat(v.detail()).contains("depends on entry 99999999");
    }

    @Test
    void aDamagedVersionOrFormatByteAfterAValidMagicIsCorruptNotUnverifiable() throws Exception {
        Path archive = pgTool("custom-header.dump", "pg_dump", "--format=custom", DATABASE);
        byte[] original = Files.readAllBytes(archive);
        int[][] damage = {{5, 0x01 ^ 0x03}, {6, 0x10}, {6, 0x02}, {6, 0x04}, {6, 0x08}, {6, 0xff}, {10, 0x01 ^ 0x03},
                {10, 0xff}, {8, 0x04 ^ 0x0c}, {9, 0x08 ^ 0x01}};
        for (int[] d : damage) {
            byte[] bytes = original.clone();
            bytes[d[0]] ^= (byte) d[1];
            BackupVerification v = verify(damaged(archive, "header-" + d[0] + "-" + d[1] + ".dump", bytes));
            assertThat(v.integrity()).as("byte %d xor %d: %s", d[0], d[1], v.detail())
                    .isEqualTo(BackupVerification.Integrity.CORRUPT);
            assertThat(v.problem()).isEqualTo("header-invalid");
        }
    }

    @Test
    void anRdbWhoseVersionDigitsAreDamagedIsCorruptAsRedisCheckRdbSays() throws Exception {
        RedisEngine redis = TestEngines.redis();
        assumeTrue(redis.dataDirectory().isPresent(), "no data directory for an external Redis");
        assumeTrue(Executables.onPath("redis-check-rdb").isPresent(), "redis-check-rdb is not on the PATH");
        try (Socket s = new Socket(redis.host(), redis.port())) {
            for (int i = 0; i < 50; i++) {
                command(s, "SET", "tool-outputs:" + i, "value " + i);
            }
            command(s, "SAVE");
        }
        Path rdb = dir.resolve("snapshot.rdb");
        Files.copy(redis.dataDirectory().get().resolve("dump.rdb"), rdb,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] original = Files.readAllBytes(rdb);
        assertThat(new String(original, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("REDIS");
        for (String digits : List.of("0000", "0019", "0090", "0003")) {
            byte[] bytes = original.clone();
            System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, bytes, 5, 4);
            Path file = damaged(rdb, "version-" + digits + ".rdb", bytes);
            if (!digits.equals("0003")) {
                Process check = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true)
                        .start();
                check.getInputStream().readAllBytes();
                assertThat(check.waitFor()).as("redis-check-rdb on RDB version %s", digits).isNotZero();
            }
            BackupVerification v = verify(file);
            assertThat(v.integrity()).as("version %s: %s", digits, v.detail())
                    .isEqualTo(BackupVerification.Integrity.CORRUPT);
        }
    }

    @Test
    void mariadbDumpsWithoutCommentsAreUnverifiableWithTheReasonNeverCorrupt() throws Exception {
        MariaDbEngine engine = TestEngines.mariadb();
        assumeTrue(engine.binDirectory().isPresent(), "no mariadb-dump for an external server");
        try (Connection c = engine.createDatabase("tool_outputs").getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY, name VARCHAR(100))");
            st.execute("INSERT IGNORE INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        Path tool = engine.binDirectory().get().resolve("mariadb-dump");
        for (String option : List.of("--skip-comments", "--compact")) {
            Path file = mariadbDump(engine, tool, "items" + option + ".sql", option);
            BackupVerification v = verify(file);
            assertThat(v.integrity()).as("%s: %s", option, v.detail())
                    .isEqualTo(BackupVerification.Integrity.UNVERIFIABLE);
            assertThat(v.problem()).isEqualTo("trailer-omitted");
            assertThat(v.detail()).contains("--skip-comments or --compact");
            BackupVerification gz = verify(gzip(file));
            assertThat(gz.integrity()).as(gz.detail()).isEqualTo(BackupVerification.Integrity.UNVERIFIABLE);
            assertThat(gz.problem()).isEqualTo("trailer-omitted");
        }
        Path full = mariadbDump(engine, tool, "items.sql");
        String text = Files.readString(full);
        assertThat(verify(full).integrity()).isEqualTo(BackupVerification.Integrity.INTACT);
        Path cut = damaged(full, "items-cut.sql", text.substring(0, text.lastIndexOf("-- Dump completed")));
        BackupVerification v = verify(cut);
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(v.problem()).isEqualTo("trailer-missing");
    }

    private static Path mariadbDump(MariaDbEngine engine, Path tool, String name, String... options)
            throws Exception {
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(tool.toString(), "--no-defaults", "--host", engine.host(),
                "--port", Integer.toString(engine.port()), "--user", engine.user()));
        if (!engine.password().isEmpty()) {
            command.add("--password=" + engine.password());
        }
        command.addAll(List.of(options));
        command.addAll(List.of("--result-file=" + out, "tool_outputs"));
        run(command);
        return out;
    }

    private static Path pgTool(String name, String tool, String... options) throws Exception {
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(tool, "--host", postgres.host(), "--port",
                Integer.toString(postgres.port()), "--username", postgres.user(), "--no-password", "--file",
                out.toString()));
        command.addAll(List.of(options));
        run(command);
        return out;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command.get(0), output).isZero();
    }

    private static int pgRestore(Path file, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("pg_restore"));
        command.addAll(List.of(options));
        command.add(file.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static String pgRestoreOutput(Path file, String option) throws Exception {
        Process p = new ProcessBuilder("pg_restore", option, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("pg_restore: %s", out).isNotZero();
        return out;
    }

    /**
     * The offset of the first digit of the first dependency of the TABLE DATA entry whose COPY statement starts with
     * {@code copy}: after the COPY statement come the namespace, tablespace, table access method, owner and the
     * WITH OIDS flag, then the dependencies, each a custom-format string (a sign byte, four length bytes, the bytes).
     */
    private static int tableDataDependency(byte[] bytes, String copy) {
        int at = indexOf(bytes, copy.getBytes(StandardCharsets.US_ASCII), 0);
        assertThat(at).as("the COPY statement in the archive").isPositive();
        at = indexOf(bytes, "false".getBytes(StandardCharsets.US_ASCII), at) + "false".length();
        assertThat(bytes[at]).as("sign byte of the first dependency").isZero();
        return at + 5;
    }

    private static int indexOf(byte[] bytes, byte[] what, int from) {
        outer:
        for (int i = from; i <= bytes.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String secondLineStartingWith(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).skip(1).findFirst().orElseThrow();
    }

    private static String removeLine(String text, String line) {
        return text.replace(line + "\n", "");
    }

    private static Path gzip(Path file) throws Exception {
        Path out = file.resolveSibling(file.getFileName() + ".gz");
        Files.deleteIfExists(out);
        run(List.of("gzip", "--keep", file.toString()));
        return out;
    }

    private static Path damaged(Path source, String name, String text) throws IOException {
        return damaged(source, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path damaged(Path source, String name, byte[] bytes) throws IOException {
        Path damagedDir = Files.createDirectories(source.getParent().resolve("damaged"));
        Path p = damagedDir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static BackupVerification verify(Path file) throws Exception {
        return BackupVerifier.on(BackupStore.directory(file.getParent())).verify(file.getFileName().toString());
    }

    private static void command(Socket s, String... args) throws Exception {
        ByteArrayOutputStream sb = new ByteArrayOutputStream();
        sb.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            sb.writeBytes(b);
            sb.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        OutputStream out = s.getOutputStream();
        out.write(sb.toByteArray());
        out.flush();
        int c;
        while ((c = s.getInputStream().read()) != '\n' && c >= 0) {
            // the one-line reply
        }
    }
}
