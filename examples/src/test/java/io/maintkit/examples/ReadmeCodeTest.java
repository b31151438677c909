package io.maintkit.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code java} block of the project's READMEs compiles against the published modules as shown, so the tour
 * cannot drift from the API. Each block becomes the body of its own method; the names a block uses without
 * declaring them (a host's {@code dataSource}, {@code hostExecutor}) are the fields of {@link #CONTEXT}. A block
 * under a heading that names one engine ({@code ### PostgreSQL ...}, {@code ### MariaDB and MySQL}) sees that
 * engine's package only, as its reader does: both have a {@code TableRetention}, for instance.
 */
class ReadmeCodeTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private static final String IMPORTS = """
            import io.maintkit.core.*;
            import io.maintkit.postgres.*;
            import io.maintkit.mysql.*;
            import io.maintkit.redis.*;
            import io.maintkit.certs.*;
            import io.maintkit.backup.*;
            import io.maintkit.runbook.*;
            import io.maintkit.shedlock.*;
            import io.maintkit.test.*;
            import java.nio.file.Path;
            import java.security.KeyStore;
            import java.time.*;
            import java.util.List;
            import java.util.concurrent.Executor;
            import javax.sql.DataSource;
            """;

    /** What the blocks take from the host application around them. */
    private static final String CONTEXT = """
            interface HealthEndpoint { void status(Severity worst); }
            record Backup(Instant createdAt) { }
            DataSource dataSource, adminDataSource;
            Executor hostExecutor;
            HealthEndpoint health;
            io.maintkit.postgres.BloatInspector otherPrimitive;
            MaintenancePlan plan;
            ExecutionListener progressListener;
            Cancellation handle;
            DirectoryBackupStore store;
            ScratchConnections scratchConnections;
            Path pgpass;
            char[] password, keyPassword, storePassword;
            List<Backup> backups;
            Backup someBackup;
            io.lettuce.core.RedisClient redisClient;
            io.lettuce.core.cluster.RedisClusterClient clusterClient;
            net.javacrumbs.shedlock.core.LockProvider lockProvider;
            java.util.concurrent.ScheduledExecutorService hostScheduler;
            """;

    @Test
    void everyJavaBlockOfEveryReadmeCompiles() throws IOException {
        Path root = projectRoot();
        List<JavaFileObject> sources = new ArrayList<>();
        List<Path> readmes;
        try (Stream<Path> files = Files.walk(root, 2)) {
            readmes = files.filter(p -> p.getFileName().toString().equals("README.md")).sorted().toList();
        }
        for (Path readme : readmes) {
            String text = Files.readString(readme);
            Matcher m = JAVA_BLOCK.matcher(text);
            int n = 0;
            while (m.find()) {
                String name = root.relativize(readme).toString().replaceAll("\\W", "_") + "_block" + (++n);
                String code = importsUnder(heading(text, m.start())) + "\nabstract class " + name + " {\n" + CONTEXT
                        + "\nvoid block() throws Exception {\n" + m.group(1) + "\n}\n}\n";
                sources.add(new Source(name, code));
            }
        }
        assertThat(sources).as("java blocks found in %s", readmes).hasSizeGreaterThan(5);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = Files.createTempDirectory("readme-code");
        boolean compiled = javac.getTask(errors, null, null,
                List.of("-proc:none", "-classpath", classPath, "-d", out.toString()), null, sources).call();

        assertThat(compiled).as("README code compiles:%n%s", errors).isTrue();
    }

    /** The {@code ###} heading a block stands under within its {@code ##} section, or an empty string. */
    private static String heading(String text, int at) {
        int h = text.lastIndexOf("\n### ", at);
        return h < 0 || text.lastIndexOf("\n## ", at) > h ? "" : text.substring(h + 5, text.indexOf('\n', h + 5));
    }

    /** The imports of a block: one engine's package under a heading that names only that engine. */
    private static String importsUnder(String heading) {
        boolean postgres = heading.contains("PostgreSQL");
        boolean mysql = heading.contains("MariaDB") || heading.contains("MySQL");
        if (postgres && !mysql) {
            return IMPORTS.replace("import io.maintkit.mysql.*;\n", "");
        }
        if (mysql && !postgres) {
            return IMPORTS.replace("import io.maintkit.postgres.*;\n", "");
        }
        return IMPORTS;
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("maintenance-core"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    /** One README block as a compilation unit, named after where it comes from ({@code README_md_block3}). */
    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className + ".java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
