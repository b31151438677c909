package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateProblem;
import io.maintkit.certs.SourceResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A PEM or DER file: every certificate in it, and the private keys in it or in a key file beside it.
 *
 * @param path        the certificate file
 * @param keyFile     a separate PEM private key file, or null
 * @param keyPassword the private key's password, or null
 * @param listed      whether the file was found in a directory rather than named by the caller: a key-only file
 *                    found there is a key, not an unreadable certificate file
 */
public record FileSource(Path path, Path keyFile, char[] keyPassword, boolean listed) implements Source {

    /** A file the caller named, without a separate key file or password. */
    public static FileSource of(Path path) {
        return new FileSource(path, null, null, false);
    }

    /** A file the caller named, with a separate key file (or null) and its password (or null). */
    public static FileSource of(Path path, Path keyFile, char[] keyPassword) {
        return new FileSource(path, keyFile, keyPassword, false);
    }

    /** A file found in a directory, with the key file paired with it there, or null. */
    public static FileSource listed(Path path, Path keyFile) {
        return new FileSource(path, keyFile, null, true);
    }

    /** The name findings use: the path as given. */
    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public SourceResult.Kind kind() {
        return SourceResult.Kind.FILE;
    }

    @Override
    public CompletableFuture<List<SourceResult>> start(Scan scan) {
        return Source.inspect(scan, this, () -> inspect(scan.judge(), scan.policy()));
    }

    /** Reads and judges the file; never throws. */
    private SourceResult inspect(CertificateJudge judge, Policy policy) {
        String name = name();
        List<SourceFailure> errors = new ArrayList<>(0);
        List<PemBlock> keyBlocks = new ArrayList<>(0);
        List<X509Certificate> certificates = new ArrayList<>(1);
        try {
            read(path, certificates, keyBlocks, errors);
        } catch (SourceFailure e) {
            return ResultAssembler.failed(name, SourceResult.Kind.FILE, e);
        }
        List<Finding> sourceFindings = new ArrayList<>(0);
        List<PemBlock> keyFileBlocks = new ArrayList<>(0);
        if (keyFile != null) {
            List<X509Certificate> ignored = new ArrayList<>(0);
            List<SourceFailure> keyErrors = new ArrayList<>(0);
            try {
                read(keyFile, ignored, keyFileBlocks, keyErrors);
            } catch (SourceFailure e) {
                keyErrors.add(e);
            }
            keyErrors.forEach(e -> errors.add(e.reason().startsWith("key file ") ? e
                    : new SourceFailure(e.problem(), e.severity(), "key file " + keyFile + ": " + e.reason())));
        }
        List<PlacedCertificate> placed = new ArrayList<>(certificates.size());
        List<Finding> certFindings = new ArrayList<>(0);
        for (int i = 0; i < certificates.size(); i++) {
            PlacedCertificate p = PlacedCertificate.of(name + "#" + i, name, i, certificates.get(i));
            placed.add(p);
            certFindings.addAll(judge.judge(p));
        }
        List<PemBlock> allKeys = new ArrayList<>(keyBlocks);
        allKeys.addAll(keyFileBlocks);
        for (PemBlock block : allKeys) {
            String where = keyFileBlocks.contains(block) ? "key file " + keyFile + " " : "";
            try {
                Optional<PrivateKey> key = PrivateKeys.read(block, keyPassword, where);
                if (key.isEmpty() && keyFileBlocks.contains(block)) {
                    errors.add(new SourceFailure(CertificateProblem.PASSWORD_REQUIRED,
                            listed ? Severity.INFO : Severity.UNKNOWN, where + "line " + block.beginLine()
                            + ": the private key is encrypted and no password was given, so it was not compared "
                            + "with the certificate"));
                }
                if (key.isPresent() && !placed.isEmpty()) {
                    PlacedCertificate leaf = placed.get(0);
                    if (!PrivateKeys.matches(key.get(), leaf.certificate().getPublicKey()).orElse(true)) {
                        certFindings.add(Findings.about(leaf, policy.now(), CertificateProblem.KEY_MISMATCH,
                                Severity.CRITICAL, "the private key in " + where + "line " + block.beginLine()
                                        + " does not belong to this certificate"));
                    }
                }
            } catch (SourceFailure e) {
                errors.add(e);
            }
        }
        if (placed.isEmpty() && errors.isEmpty()) {
            if (listed && !keyBlocks.isEmpty()) {
                sourceFindings.add(Findings.sourceFailed(name, CertificateProblem.PRIVATE_KEY_ONLY, Severity.INFO,
                        "a private key, and no certificate beside it that it obviously belongs to"));
            } else {
                errors.add(SourceFailure.unreadable(keyBlocks.isEmpty() ? "no certificate in the file"
                        : "no certificate in the file, only a private key"));
            }
        }
        Optional<String> failure = Optional.empty();
        for (SourceFailure e : errors) {
            sourceFindings.add(Findings.sourceFailed(name, e.problem(), e.severity(), e.reason()));
            if (failure.isEmpty() && e.severity() != Severity.INFO) {
                failure = Optional.of(e.reason());
            }
        }
        return ResultAssembler.assemble(name, SourceResult.Kind.FILE, placed, certFindings, sourceFindings,
                failure, policy.now());
    }

    private static void read(Path file, List<X509Certificate> certificates, List<PemBlock> keyBlocks,
                             List<SourceFailure> errors) throws SourceFailure {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw SourceFailure.unreadable("no such file");
        } catch (IOException e) {
            throw SourceFailure.unreadable("cannot read the file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.isBlank()) {
            throw SourceFailure.unreadable("empty file");
        }
        CertificateFactory factory = factory();
        if (PemReader.looksLikePem(text)) {
            PemReader.Result pem = PemReader.read(text);
            pem.errors().forEach(reason -> errors.add(SourceFailure.unreadable(reason)));
            Set<String> otherTypes = new LinkedHashSet<>();
            for (PemBlock block : pem.blocks()) {
                if (block.isCertificate()) {
                    try {
                        if (block.type().equals("PKCS7")) {
                            addAll(factory.generateCertificates(new ByteArrayInputStream(block.der())), certificates);
                        } else {
                            addAll(List.of(factory.generateCertificate(new ByteArrayInputStream(block.der()))),
                                    certificates);
                        }
                    } catch (CertificateException e) {
                        errors.add(SourceFailure.unreadable("line " + block.beginLine() + ": the " + block.type()
                                + " block does not hold a valid certificate (" + firstLine(e) + ")"));
                    }
                } else if (block.isPrivateKey()) {
                    keyBlocks.add(block);
                } else {
                    otherTypes.add(block.type());
                }
            }
            if (certificates.isEmpty() && errors.isEmpty() && keyBlocks.isEmpty() && !otherTypes.isEmpty()) {
                errors.add(SourceFailure.unreadable("no certificate in the file, only "
                        + String.join(", ", otherTypes)));
            }
        } else if ((bytes[0] & 0xff) == 0x30) {
            try {
                addAll(factory.generateCertificates(new ByteArrayInputStream(bytes)), certificates);
            } catch (CertificateException e) {
                throw SourceFailure.unreadable("not PEM, and not a DER certificate (" + firstLine(e) + ")");
            }
        } else {
            throw SourceFailure.unreadable("neither PEM nor DER: no BEGIN line and no DER structure at byte 0");
        }
    }

    private static void addAll(Collection<? extends Certificate> found, List<X509Certificate> into) {
        for (Certificate c : found) {
            if (c instanceof X509Certificate x) {
                into.add(x);
            }
        }
    }

    private static final ThreadLocal<CertificateFactory> FACTORY = new ThreadLocal<>();

    private static CertificateFactory factory() throws SourceFailure {
        CertificateFactory factory = FACTORY.get();
        if (factory == null) {
            try {
                factory = CertificateFactory.getInstance("X.509");
            } catch (CertificateException e) {
                throw SourceFailure.unreadable("no X.509 certificate factory in this JVM");
            }
            FACTORY.set(factory);
        }
        return factory;
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "FileSource[" + path + (keyFile == null ? "" : ", key " + keyFile) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileSource f && path.equals(f.path) && java.util.Objects.equals(keyFile, f.keyFile)
                && listed == f.listed;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(path, keyFile, listed);
    }
}
