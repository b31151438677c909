package io.maintkit.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Immutable server settings ({@code postgresql.conf} parameters) and files for a dedicated
 * PostgreSQL started with {@link PostgresEngine#start(PostgresSettings)}.
 *
 * <pre>{@code
 * try (PostgresServer server = PostgresEngine.start(PostgresSettings.defaults()
 *         .with("ssl", "on")
 *         .with("ssl_cert_file", certificate.toString())
 *         .with("ssl_key_file", privateKey.toString()))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Files the server must read are copied into its data directory, owned by the account the
 * server runs as, with mode 0600: the value of {@code ssl_cert_file}, {@code ssl_key_file},
 * {@code ssl_ca_file}, {@code ssl_crl_file} and {@code ssl_dh_params_file} when it names an existing
 * file, and every file added with {@link #withFile(String, Path)}. So the caller's files may live in
 * a directory the server account could not read.
 *
 * <p>The server always listens on 127.0.0.1 on a free port: {@code listen_addresses} and
 * {@code port} are not taken from these settings.
 */
public final class PostgresSettings {

    /** Settings whose value is a file the server reads at start-up. */
    static final Set<String> FILE_SETTINGS = Set.of("ssl_cert_file", "ssl_key_file", "ssl_ca_file", "ssl_crl_file",
            "ssl_dh_params_file");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Set<String> MANAGED = Set.of("listen_addresses", "port", "data_directory");

    private static final PostgresSettings DEFAULTS;

    static {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("shared_preload_libraries", "pg_stat_statements");
        defaults.put("wal_level", "logical");
        defaults.put("fsync", "off");
        defaults.put("synchronous_commit", "off");
        defaults.put("full_page_writes", "off");
        defaults.put("max_connections", "100");
        defaults.put("lc_messages", "C");
        DEFAULTS = new PostgresSettings(defaults, Map.of());
    }

    private final Map<String, String> settings;
    private final Map<String, Path> files;
    private final List<Path> extensionFiles;

    private PostgresSettings(Map<String, String> settings, Map<String, Path> files) {
        this(settings, files, List.of());
    }

    private PostgresSettings(Map<String, String> settings, Map<String, Path> files, List<Path> extensionFiles) {
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        this.extensionFiles = List.copyOf(extensionFiles);
    }

    /**
     * The settings of the shared test server: {@code shared_preload_libraries=pg_stat_statements},
     * {@code wal_level=logical}, {@code fsync=off}, {@code synchronous_commit=off},
     * {@code full_page_writes=off}, {@code max_connections=100}, {@code lc_messages=C}.
     *
     * @return the default settings
     */
    public static PostgresSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Returns these settings with one parameter set (replacing an earlier value).
     *
     * @param name a server parameter, e.g. {@code ssl} or {@code pg_stat_statements.track}
     * @param value its value, unquoted; it is quoted when written to {@code postgresql.conf}
     * @return new settings
     * @throws IllegalArgumentException for a malformed name, or for {@code listen_addresses},
     *     {@code port} and {@code data_directory}, which the test server manages itself
     */
    public PostgresSettings with(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a server parameter name: " + name);
        }
        if (MANAGED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException(name + " is managed by the test server (127.0.0.1, a free port, its own data directory)");
        }
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.put(name, value);
        return new PostgresSettings(copy, files, extensionFiles);
    }

    /**
     * Returns these settings with a file to copy into the data directory before start-up, owned by
     * the server's account with mode 0600. Refer to it from a setting by its bare name, which the
     * server resolves against its data directory, e.g.
     * {@code .withFile("server.key", key).with("ssl_key_file", "server.key")}.
     *
     * @param fileName the name inside the data directory (no directories)
     * @param source the file to copy
     * @return new settings
     */
    public PostgresSettings withFile(String fileName, Path source) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(source, "source");
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("Not a plain file name: " + fileName);
        }
        Map<String, Path> copy = new LinkedHashMap<>(files);
        copy.put(fileName, source.toAbsolutePath());
        return new PostgresSettings(settings, copy, extensionFiles);
    }

    /**
     * Returns these settings with an extension installed into the server's installation: its shared library
     * copied into the library directory ({@code $libdir}) and its control and script files into the extension
     * directory, so that {@code CREATE EXTENSION} finds them. The files must be built for the server's major version.
     *
     * <p>The shared binaries are left as they are: the server runs from a copy of the installation (hard links
     * where the file system allows) plus these files, kept in the per-user cache for the next run.
     *
     * @param libraryFile the extension's shared library, e.g. {@code pg_repack.so}
     * @param shareFiles its {@code .control} and {@code .sql} files
     * @return new settings
     */
    public PostgresSettings withExtensionFiles(Path libraryFile, Path... shareFiles) {
        Objects.requireNonNull(libraryFile, "libraryFile");
        List<Path> copy = new ArrayList<>(extensionFiles);
        copy.add(libraryFile.toAbsolutePath());
        for (Path share : shareFiles) {
            copy.add(Objects.requireNonNull(share, "shareFiles").toAbsolutePath());
        }
        return new PostgresSettings(settings, files, copy);
    }

    /**
     * The files added with {@link #withExtensionFiles(Path, Path...)}.
     *
     * @return shared libraries and extension files, in the order added
     */
    public List<Path> extensionFiles() {
        return extensionFiles;
    }

    /**
     * The parameters, in the order they were set.
     *
     * @return an unmodifiable map from parameter name to value
     */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * The files added with {@link #withFile(String, Path)}.
     *
     * @return an unmodifiable map from file name in the data directory to source file
     */
    public Map<String, Path> files() {
        return files;
    }

    @Override
    public String toString() {
        return "PostgresSettings" + settings.keySet() + (files.isEmpty() ? "" : " files " + files.keySet())
                + (extensionFiles.isEmpty() ? "" : " extension files " + extensionFiles);
    }
}
