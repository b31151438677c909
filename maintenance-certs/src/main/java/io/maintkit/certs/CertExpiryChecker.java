package io.maintkit.certs;

import io.maintkit.certs.internal.CertificateJudge;
import io.maintkit.certs.internal.ChainJudge;
import io.maintkit.certs.internal.DirectorySource;
import io.maintkit.certs.internal.EndpointSource;
import io.maintkit.certs.internal.FileSource;
import io.maintkit.certs.internal.KeyStoreSource;
import io.maintkit.certs.internal.Policy;
import io.maintkit.certs.internal.Scan;
import io.maintkit.certs.internal.Source;
import io.maintkit.certs.internal.Throttle;
import io.maintkit.certs.internal.TrustAnchors;
import io.maintkit.core.Check;
import io.maintkit.core.Durations;
import io.maintkit.core.Threshold;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Checks certificates in PEM and DER files, directories, PKCS#12 and JKS keystores and on live TLS endpoints: expiry,
 * not-yet-valid, weak keys and signatures, overlong validity, private keys that do not match, and for endpoints the
 * presented chain (complete, in order, trusted) and the host name.
 *
 * <pre>{@code
 * CertificateReport report = CertExpiryChecker.on()
 *         .expiry(Threshold.below(Duration.ofDays(30), Duration.ofDays(7)))
 *         .pemFile(Path.of("/etc/ssl/api.pem"))
 *         .directory(Path.of("/etc/letsencrypt/live"))
 *         .keyStore(Path.of("server.p12"), "PKCS12", password)
 *         .endpoint(TlsEndpoint.https("api.example.com"))
 *         .check();
 * }</pre>
 *
 * <p>Immutable and safe to share: every configuration method returns a new checker, and every {@link #check()}
 * reads and probes afresh. Each source fails on its own: an unreadable file or an unreachable endpoint gives a
 * finding for that source and the scan goes on.
 *
 * <p>Files are read and endpoints probed in parallel, at most {@link #parallelism(int)} at once, on the host's
 * {@link #executor(Executor) executor} when one is given. Without one, each {@code check()} starts a pool of at most
 * that many daemon threads and ends it before returning. Endpoint time limits are kept by the JDK's shared delay
 * scheduler, which only closes the socket of a probe that overran.
 */
public final class CertExpiryChecker {

    /** The id of the check, and of every finding it makes. */
    public static final String ID = "certs.expiry";
    /** Time left at or under which expiry is a warning: 30 days. */
    public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(30);
    /** Time left at or under which expiry is critical: 7 days. */
    public static final Duration DEFAULT_EXPIRY_CRITICAL = Duration.ofDays(7);
    /** The default expiry threshold: warning at 30 days left, critical at 7. */
    public static final Threshold<Duration> DEFAULT_EXPIRY =
            Threshold.below(DEFAULT_EXPIRY_WARNING, DEFAULT_EXPIRY_CRITICAL);
    /** The longest validity public TLS leaf certificates may have: 398 days. */
    public static final Duration PUBLIC_TLS_MAX_VALIDITY = Duration.ofDays(398);
    /** RSA and DSA keys under this many bits are weak: 2048. */
    public static final int MIN_RSA_KEY_BITS = 2048;
    /** EC keys under this many bits are weak: 256. */
    public static final int MIN_EC_KEY_BITS = 256;
    /** The time allowed to connect to an endpoint: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The time allowed for protocol negotiation and TLS handshake once connected: 10 seconds. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** How many sources are read or probed at once: 32. */
    public static final int DEFAULT_PARALLELISM = 32;
    /** The files a directory contributes unless told otherwise. */
    public static final String DEFAULT_GLOB = "**/*.{pem,crt,cer,der}";

    private final Settings settings;

    private CertExpiryChecker(Settings settings) {
        this.settings = settings;
    }

    /** A checker with the default limits and no sources yet. */
    public static CertExpiryChecker on() {
        return new CertExpiryChecker(new Settings());
    }

    private CertExpiryChecker with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new CertExpiryChecker(next);
    }

    private CertExpiryChecker adding(Source source) {
        return with(s -> s.sources.add(source));
    }

    /**
     * This checker with other expiry limits (default {@link #DEFAULT_EXPIRY}): the time left at or under which a
     * certificate is a warning, and critical.
     *
     * @throws IllegalArgumentException when the threshold is not a {@code below} one, or a limit is not positive
     */
    public CertExpiryChecker expiry(Threshold<Duration> limits) {
        Objects.requireNonNull(limits, "limits");
        if (limits.direction() != Threshold.Direction.BELOW) {
            throw new IllegalArgumentException("expiry limits are on time left: use Threshold.below(warning, "
                    + "critical), was " + limits);
        }
        positive(limits.critical(), "the critical expiry limit");
        return with(s -> s.expiry = limits);
    }

    /**
     * This checker also warning once this fraction of a certificate's lifetime has passed, e.g. {@code 2.0 / 3} to
     * renew at two thirds, whatever the time left. Off by default.
     */
    public CertExpiryChecker renewAtLifetimeFraction(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, was " + fraction);
        }
        return with(s -> s.renewFraction = fraction);
    }

    /**
     * This checker warning about leaf certificates valid for longer than this, e.g. {@link #PUBLIC_TLS_MAX_VALIDITY}.
     * CA certificates are exempt. Off by default.
     */
    public CertExpiryChecker maxValidity(Duration maximum) {
        positive(maximum, "maxValidity");
        return with(s -> s.maxValidity = maximum);
    }

    /**
     * This checker with every certificate of a PEM file, or of a DER file, added; unencrypted private keys in it are
     * matched to the first certificate.
     */
    public CertExpiryChecker pemFile(Path file) {
        return adding(FileSource.of(Objects.requireNonNull(file, "file")));
    }

    /** This checker with a PEM file added whose private keys, plain or encrypted, open with {@code keyPassword}. */
    public CertExpiryChecker pemFile(Path file, char[] keyPassword) {
        return adding(FileSource.of(Objects.requireNonNull(file, "file"), null, copy(keyPassword)));
    }

    /**
     * This checker with a certificate file added and its private key in a separate PEM file; the key must belong to
     * the first certificate. An encrypted key without a password is reported, not skipped.
     *
     * @param keyPassword the key's password, or null for a plain key; the array is copied
     */
    public CertExpiryChecker pemFile(Path certificateFile, Path privateKeyFile, char[] keyPassword) {
        return adding(FileSource.of(Objects.requireNonNull(certificateFile, "certificateFile"),
                Objects.requireNonNull(privateKeyFile, "privateKeyFile"), copy(keyPassword)));
    }

    /** This checker with a DER file added: one certificate, or a PKCS#7 bundle. PEM content is read too. */
    public CertExpiryChecker derFile(Path file) {
        return pemFile(file);
    }

    /** This checker with every file under a directory matching {@link #DEFAULT_GLOB} added. */
    public CertExpiryChecker directory(Path directory) {
        return directory(directory, DEFAULT_GLOB);
    }

    /**
     * This checker with every file under a directory added, recursively, whose relative path matches the glob
     * ({@code **}{@code /*.{pem,crt}}); PEM or DER detected per file. A private key file whose name pairs it with a
     * certificate file beside it (Let's Encrypt's {@code privkey.pem} and {@code cert.pem}) is matched with it.
     */
    public CertExpiryChecker directory(Path directory, String glob) {
        Objects.requireNonNull(glob, "glob");
        return adding(new DirectorySource(Objects.requireNonNull(directory, "directory"), glob));
    }

    /**
     * This checker with every alias of a keystore added: each key entry's whole chain, each trusted certificate,
     * and for PKCS#12 each certificate bag.
     *
     * @param type     {@code PKCS12} (also .pfx) or {@code JKS}
     * @param password the store password, also tried for the keys; null only for a store without one (an empty
     *                 password is an empty array); the array is copied and never shown
     */
    public CertExpiryChecker keyStore(Path file, String type, char[] password) {
        return adding(new KeyStoreSource(Objects.requireNonNull(file, "file"), Objects.requireNonNull(type, "type"),
                copy(password)));
    }

    /** This checker with a live endpoint added. */
    public CertExpiryChecker endpoint(TlsEndpoint endpoint) {
        return adding(new EndpointSource(Objects.requireNonNull(endpoint, "endpoint")));
    }

    /** This checker with several live endpoints added. */
    public CertExpiryChecker endpoints(Collection<TlsEndpoint> endpoints) {
        List<Source> added = endpoints.stream().map(e -> (Source) new EndpointSource(Objects.requireNonNull(e,
                "endpoint"))).toList();
        return with(s -> s.sources.addAll(added));
    }

    /**
     * This checker judging endpoint chains against the certificates of {@code store}, read now, instead of the
     * JVM's trust store.
     *
     * @throws IllegalArgumentException when the store cannot be read
     */
    public CertExpiryChecker trustStore(KeyStore store) {
        Objects.requireNonNull(store, "store");
        TrustAnchors anchors;
        try {
            anchors = TrustAnchors.of(store);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the trust store: " + e.getClass().getSimpleName());
        }
        return with(s -> s.anchors = anchors);
    }

    /** This checker allowing {@code timeout} to connect to each endpoint (default {@link #DEFAULT_CONNECT_TIMEOUT}). */
    public CertExpiryChecker connectTimeout(Duration timeout) {
        positive(timeout, "connectTimeout");
        return with(s -> s.connectTimeout = timeout);
    }

    /**
     * This checker allowing {@code timeout} for protocol negotiation and the TLS handshake once connected (default
     * {@link #DEFAULT_HANDSHAKE_TIMEOUT}). An endpoint never takes longer than connect plus handshake timeout.
     */
    public CertExpiryChecker handshakeTimeout(Duration timeout) {
        positive(timeout, "handshakeTimeout");
        return with(s -> s.handshakeTimeout = timeout);
    }

    /** This checker reading or probing at most {@code sources} at once (default {@link #DEFAULT_PARALLELISM}). */
    public CertExpiryChecker parallelism(int sources) {
        if (sources < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + sources);
        }
        return with(s -> s.parallelism = sources);
    }

    /**
     * This checker reading files and probing endpoints on the host's executor, at most {@link #parallelism(int)}
     * tasks at once; a task the executor rejects runs in the calling thread. Default: a pool of daemon threads that
     * lives for one {@link #check()}.
     */
    public CertExpiryChecker executor(Executor hostExecutor) {
        Objects.requireNonNull(hostExecutor, "hostExecutor");
        return with(s -> s.executor = hostExecutor);
    }

    /** This checker with the clock that says what "now" is (default the UTC system clock). */
    public CertExpiryChecker clock(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return with(s -> s.clock = clock);
    }

    /**
     * Reads every file and keystore, probes every endpoint, and judges every certificate. Never throws for a source.
     *
     * @throws IllegalStateException when no source was added
     */
    public CertificateReport check() {
        List<Source> sources = settings.sources;
        if (sources.isEmpty()) {
            throw new IllegalStateException("no certificate source: add a pemFile, derFile, directory, keyStore "
                    + "or endpoint");
        }
        Policy policy = new Policy(settings.clock.instant(), settings.expiry, settings.renewFraction,
                settings.maxValidity, MIN_RSA_KEY_BITS, MIN_EC_KEY_BITS);
        ChainJudge chainJudge = sources.stream().anyMatch(Source::needsTrustAnchors)
                ? new ChainJudge(settings.anchors != null ? settings.anchors : TrustAnchors.jvmDefault(), policy.now())
                : null;
        ExecutorService pool = settings.executor == null
                ? Executors.newFixedThreadPool(settings.parallelism, CertExpiryChecker::daemon) : null;
        Executor executor = pool != null ? pool : new Throttle(settings.executor, settings.parallelism);
        try {
            Scan scan = new Scan(new CertificateJudge(policy), chainJudge, policy, executor,
                    settings.connectTimeout, settings.handshakeTimeout);
            List<CompletableFuture<List<SourceResult>>> parts = new ArrayList<>(sources.size());
            for (Source source : sources) {
                parts.add(source.start(scan));
            }
            List<SourceResult> results = new ArrayList<>(parts.size());
            for (CompletableFuture<List<SourceResult>> part : parts) {
                results.addAll(part.join());
            }
            return new CertificateReport(policy.now(), results);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** This checker as a {@link Check} with id {@value #ID}, for a {@link io.maintkit.core.Suite}. */
    public Check asCheck() {
        return Check.of(ID, target(), settings.clock, this::check);
    }

    /** The sources, as the check's target names them: {@code /etc/ssl/api.pem, https://api.example.com:443}. */
    public String target() {
        List<String> names = settings.sources.stream().map(Source::name).toList();
        if (names.size() <= 3) {
            return names.isEmpty() ? "no certificate sources" : String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }

    /** The sources and limits; never any password. */
    @Override
    public String toString() {
        return "CertExpiryChecker[" + target() + "; expiry warning within "
                + Durations.humanize(settings.expiry.warning()) + ", critical within "
                + Durations.humanize(settings.expiry.critical()) + "]";
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private static Thread daemon(Runnable task) {
        Thread t = new Thread(task, "maintkit-certs-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static char[] copy(char[] password) {
        return password == null ? null : password.clone();
    }

    /** The configuration, copied whole by every configuration method and never changed once a checker holds it. */
    private static final class Settings {
        private List<Source> sources = new ArrayList<>();
        private Threshold<Duration> expiry = DEFAULT_EXPIRY;
        private double renewFraction;
        private Duration maxValidity;
        private TrustAnchors anchors;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private int parallelism = DEFAULT_PARALLELISM;
        private Executor executor;
        private Clock clock = Clock.systemUTC();

        private Settings copy() {
            Settings c = new Settings();
            c.sources = new ArrayList<>(sources);
            c.expiry = expiry;
            c.renewFraction = renewFraction;
            c.maxValidity = maxValidity;
            c.anchors = anchors;
            c.connectTimeout = connectTimeout;
            c.handshakeTimeout = handshakeTimeout;
            c.parallelism = parallelism;
            c.executor = executor;
            c.clock = clock;
            return c;
        }
    }
}
