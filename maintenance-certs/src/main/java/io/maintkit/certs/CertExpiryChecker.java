package io.maintkit.certs;

import io.maintkit.certs.internal.CertificateJudge;
import io.maintkit.certs.internal.ChainJudge;
import io.maintkit.certs.internal.DirectorySource;
import io.maintkit.certs.internal.EndpointProbe;
import io.maintkit.certs.internal.EndpointSource;
import io.maintkit.certs.internal.FileSource;
import io.maintkit.certs.internal.KeyStoreSource;
import io.maintkit.certs.internal.Policy;
import io.maintkit.certs.internal.ResultAssembler;
import io.maintkit.certs.internal.SourceFailure;
import io.maintkit.certs.internal.TrustAnchors;
import io.maintkit.core.Check;
import io.maintkit.core.Durations;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Checks certificates in PEM and DER files, directories, PKCS#12 and JKS keystores and on live TLS endpoints: expiry,
 * not-yet-valid, weak keys and signatures, overlong validity, private keys that do not match, and for endpoints the
 * presented chain (complete, in order, trusted) and the host name.
 *
 * <pre>{@code
 * CertificateReport report = CertExpiryChecker.builder()
 *         .warnWithin(Duration.ofDays(30)).criticalWithin(Duration.ofDays(7))
 *         .pemFile(Path.of("/etc/ssl/api.pem"))
 *         .directory(Path.of("/etc/ssl/certs"), "**&#47;*.{pem,crt,cer,der}")
 *         .keyStore(Path.of("server.p12"), "PKCS12", password)
 *         .endpoint(TlsEndpoint.https("api.example.com"))
 *         .build()
 *         .check();
 * }</pre>
 *
 * <p>Immutable and safe to share; every {@link #check()} reads and probes afresh. Each source fails on its own:
 * an unreadable file or an unreachable endpoint gives a finding for that source and the scan goes on. Endpoints are
 * probed in parallel on a pool that lives for one {@code check()}.
 */
public final class CertExpiryChecker {

    /** The id of the check, and of every finding it makes. */
    public static final String ID = "certs.expiry";
    /** Time left at or under which expiry is a warning: 30 days. */
    public static final Duration DEFAULT_WARN_WITHIN = Duration.ofDays(30);
    /** Time left at or under which expiry is critical: 7 days. */
    public static final Duration DEFAULT_CRITICAL_WITHIN = Duration.ofDays(7);
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

    private final List<Object> sources;
    private final Duration warnWithin;
    private final Duration criticalWithin;
    private final double renewFraction;
    private final Duration maxValidity;
    private final TrustAnchors trustAnchors;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final int parallelism;
    private final Clock clock;

    private CertExpiryChecker(Builder b, TrustAnchors anchors) {
        this.sources = List.copyOf(b.sources);
        this.warnWithin = b.warnWithin;
        this.criticalWithin = b.criticalWithin;
        this.renewFraction = b.renewFraction;
        this.maxValidity = b.maxValidity;
        this.trustAnchors = anchors;
        this.connectTimeout = b.connectTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.parallelism = b.parallelism;
        this.clock = b.clock;
    }

    /** A builder with the default limits and no sources. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads every file and keystore, probes every endpoint, and judges every certificate. Never throws for a source. */
    public CertificateReport check() {
        Policy policy = new Policy(clock.instant(), warnWithin, criticalWithin, renewFraction, maxValidity,
                MIN_RSA_KEY_BITS, MIN_EC_KEY_BITS);
        CertificateJudge judge = new CertificateJudge(policy);
        ChainJudge chainJudge = sources.stream().anyMatch(TlsEndpoint.class::isInstance)
                ? new ChainJudge(trustAnchors != null ? trustAnchors : TrustAnchors.jvmDefault(), policy.now())
                : null;
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, threads("maintkit-certs-"));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(threads("maintkit-certs-watch-"));
        try {
            List<CompletableFuture<SourceResult>> parts = new ArrayList<>();
            for (Object source : sources) {
                if (source instanceof FileSource file) {
                    parts.add(guarded(CompletableFuture.supplyAsync(() -> file.inspect(judge, policy), pool),
                            file.name(), SourceResult.Kind.FILE));
                } else if (source instanceof KeyStoreSource store) {
                    parts.add(guarded(CompletableFuture.supplyAsync(() -> store.inspect(judge, policy), pool),
                            store.name(), SourceResult.Kind.KEY_STORE));
                } else if (source instanceof DirectorySource directory) {
                    addDirectory(directory, judge, policy, pool, parts);
                } else if (source instanceof TlsEndpoint endpoint) {
                    parts.add(guarded(EndpointProbe.start(endpoint, pool, watchdog, connectTimeout, handshakeTimeout)
                            .thenApply(outcome -> EndpointSource.judge(endpoint, outcome, judge, chainJudge, policy)),
                            endpoint.toString(), SourceResult.Kind.ENDPOINT));
                }
            }
            List<SourceResult> results = new ArrayList<>(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                results.add(parts.get(i).join());
            }
            return new CertificateReport(policy.now(), results);
        } finally {
            pool.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    private static void addDirectory(DirectorySource directory, CertificateJudge judge, Policy policy,
                                     ExecutorService pool, List<CompletableFuture<SourceResult>> parts) {
        List<FileSource> files;
        try {
            files = directory.sources();
            if (files.isEmpty()) {
                throw SourceFailure.unreadable("no file matches " + directory.glob() + " in " + directory.directory());
            }
        } catch (SourceFailure e) {
            parts.add(CompletableFuture.completedFuture(
                    ResultAssembler.failed(directory.name(), SourceResult.Kind.DIRECTORY, e)));
            return;
        }
        for (FileSource source : files) {
            parts.add(guarded(CompletableFuture.supplyAsync(() -> source.inspect(judge, policy), pool),
                    source.name(), SourceResult.Kind.FILE));
        }
    }

    /** A source whose inspection failed unexpectedly still gets its own result, and the scan goes on. */
    private static CompletableFuture<SourceResult> guarded(CompletableFuture<SourceResult> part, String name,
                                                           SourceResult.Kind kind) {
        return part.exceptionally(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            return ResultAssembler.failed(name, kind, new SourceFailure(
                    kind == SourceResult.Kind.ENDPOINT ? CertificateProblem.ENDPOINT_FAILED
                            : CertificateProblem.SOURCE_UNREADABLE,
                    io.maintkit.core.Severity.UNKNOWN, "could not be checked: " + cause.getClass().getSimpleName()));
        });
    }

    /** This checker as a {@link Check} with id {@value #ID}, for a {@link io.maintkit.core.Suite}. */
    public Check asCheck() {
        return Check.of(ID, target(), clock, this::check);
    }

    /** The sources, as the check's target names them: {@code /etc/ssl/api.pem, https://api.example.com:443}. */
    public String target() {
        List<String> names = sources.stream().map(CertExpiryChecker::nameOf).toList();
        if (names.size() <= 3) {
            return names.isEmpty() ? "no certificate sources" : String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }

    private static String nameOf(Object source) {
        if (source instanceof FileSource f) {
            return f.name();
        }
        if (source instanceof KeyStoreSource k) {
            return k.name();
        }
        if (source instanceof DirectorySource d) {
            return d.name();
        }
        return source.toString();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The sources and limits; never any password. */
    @Override
    public String toString() {
        return "CertExpiryChecker[" + target() + "; warn within " + Durations.humanize(warnWithin)
                + ", critical within " + Durations.humanize(criticalWithin) + "]";
    }

    /** Collects sources and limits; {@link #build()} gives an immutable checker. Not thread-safe. */
    public static final class Builder {

        private final List<Object> sources = new ArrayList<>();
        private Duration warnWithin = DEFAULT_WARN_WITHIN;
        private Duration criticalWithin = DEFAULT_CRITICAL_WITHIN;
        private double renewFraction;
        private Duration maxValidity;
        private KeyStore trustStore;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private int parallelism = DEFAULT_PARALLELISM;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Expiry within this span is a warning; default {@link #DEFAULT_WARN_WITHIN}. */
        public Builder warnWithin(Duration span) {
            this.warnWithin = positive(span, "warnWithin");
            return this;
        }

        /** Expiry within this span is critical; default {@link #DEFAULT_CRITICAL_WITHIN}. */
        public Builder criticalWithin(Duration span) {
            this.criticalWithin = positive(span, "criticalWithin");
            return this;
        }

        /**
         * Also warn once this fraction of a certificate's lifetime has passed, e.g. {@code 2.0 / 3} to renew at two
         * thirds, whatever the time left. Off by default.
         */
        public Builder renewAtLifetimeFraction(double fraction) {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("fraction must be between 0 and 1, was " + fraction);
            }
            this.renewFraction = fraction;
            return this;
        }

        /**
         * Warn about leaf certificates valid for longer than this, e.g. {@link #PUBLIC_TLS_MAX_VALIDITY}. CA
         * certificates are exempt. Off by default.
         */
        public Builder maxValidity(Duration maximum) {
            this.maxValidity = positive(maximum, "maxValidity");
            return this;
        }

        /** Every certificate of a PEM file, or of a DER file; unencrypted private keys in it are matched to the first. */
        public Builder pemFile(Path file) {
            sources.add(FileSource.of(Objects.requireNonNull(file, "file")));
            return this;
        }

        /** A PEM file whose private keys, plain or encrypted, open with {@code keyPassword}; the array is copied. */
        public Builder pemFile(Path file, char[] keyPassword) {
            sources.add(FileSource.of(Objects.requireNonNull(file, "file"), null, copy(keyPassword)));
            return this;
        }

        /**
         * A certificate file and its private key in a separate PEM file; the key must belong to the first certificate.
         *
         * @param keyPassword the key's password, or null for a plain key; the array is copied
         */
        public Builder pemFile(Path certificateFile, Path privateKeyFile, char[] keyPassword) {
            sources.add(FileSource.of(Objects.requireNonNull(certificateFile, "certificateFile"),
                    Objects.requireNonNull(privateKeyFile, "privateKeyFile"), copy(keyPassword)));
            return this;
        }

        /** A DER file: one certificate, or a PKCS#7 bundle. PEM content is read too. */
        public Builder derFile(Path file) {
            return pemFile(file);
        }

        /** Every file under a directory matching {@link #DEFAULT_GLOB}. */
        public Builder directory(Path directory) {
            return directory(directory, DEFAULT_GLOB);
        }

        /**
         * Every file under a directory, recursively, whose relative path matches the glob
         * ({@code **}{@code /*.{pem,crt}}); PEM or DER detected per file.
         */
        public Builder directory(Path directory, String glob) {
            Objects.requireNonNull(glob, "glob");
            sources.add(new DirectorySource(Objects.requireNonNull(directory, "directory"), glob));
            return this;
        }

        /**
         * Every alias of a keystore: each key entry's whole chain and each trusted certificate.
         *
         * @param type     {@code PKCS12} (also .pfx) or {@code JKS}
         * @param password the store password, also tried for the keys; the array is copied and never shown
         */
        public Builder keyStore(Path file, String type, char[] password) {
            sources.add(new KeyStoreSource(Objects.requireNonNull(file, "file"), Objects.requireNonNull(type, "type"),
                    copy(password)));
            return this;
        }

        /** A live endpoint. */
        public Builder endpoint(TlsEndpoint endpoint) {
            sources.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** Several live endpoints. */
        public Builder endpoints(Collection<TlsEndpoint> endpoints) {
            endpoints.forEach(this::endpoint);
            return this;
        }

        /**
         * The trust store endpoint chains are judged against, instead of the JVM's; its certificates are read at
         * {@link #build()}.
         */
        public Builder trustStore(KeyStore store) {
            this.trustStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Time allowed to connect to each endpoint; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Time allowed for protocol negotiation and the TLS handshake once connected; default
         * {@link #DEFAULT_HANDSHAKE_TIMEOUT}. An endpoint never takes longer than connect plus handshake timeout.
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** How many sources are read or probed at once; default {@link #DEFAULT_PARALLELISM}. */
        public Builder parallelism(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, was " + threads);
            }
            this.parallelism = threads;
            return this;
        }

        /** The clock that says what "now" is; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The checker.
         *
         * @throws IllegalArgumentException when the critical span is longer than the warning span, or the trust
         *                                  store cannot be read
         */
        public CertExpiryChecker build() {
            if (criticalWithin.compareTo(warnWithin) > 0) {
                throw new IllegalArgumentException("criticalWithin " + Durations.humanize(criticalWithin)
                        + " is longer than warnWithin " + Durations.humanize(warnWithin));
            }
            TrustAnchors anchors = null;
            if (trustStore != null) {
                try {
                    anchors = TrustAnchors.of(trustStore);
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("cannot read the trust store: " + e.getClass().getSimpleName());
                }
            }
            return new CertExpiryChecker(this, anchors);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        private static char[] copy(char[] password) {
            return password == null ? null : password.clone();
        }

        /** The sources so far; never any password. */
        @Override
        public String toString() {
            return "CertExpiryChecker.Builder[" + sources.stream().map(CertExpiryChecker::nameOf)
                    .collect(Collectors.joining(", ")) + "]";
        }
    }
}
