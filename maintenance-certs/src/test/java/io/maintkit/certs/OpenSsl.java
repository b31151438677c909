package io.maintkit.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenSSL command line in one working directory: a private CA made the way operators make one, and whatever
 * files a test needs from the real tool (PKCS#12, encrypted keys, Ed25519 certificates).
 */
final class OpenSsl {

    /** Extensions of a CA certificate. */
    static final String CA = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n";

    private final Path dir;

    OpenSsl(Path dir) {
        this.dir = dir;
    }

    /** The working directory. */
    Path dir() {
        return dir;
    }

    /** A file of the working directory. */
    Path file(String name) {
        return dir.resolve(name);
    }

    /** Runs {@code openssl args...} in the working directory and returns its output; fails on non-zero exit. */
    String run(String... args) throws IOException, InterruptedException {
        return exec(prepend("openssl", args));
    }

    /** Runs any command of the machine (keytool) in the working directory; fails on non-zero exit. */
    String exec(String... command) throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(err));
        }
        Files.delete(err);
        return out;
    }

    /** A self-signed root: {@code name.pem}, {@code name.key} (P-256). */
    OpenSsl root(String name, String cn) throws IOException, InterruptedException {
        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".pem", "-subj", "/CN=" + cn, "-days", "3650",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return this;
    }

    /**
     * A certificate {@code name.pem} with a new P-256 key {@code name.key}, issued by {@code issuer}
     * ({@code issuer.pem}, {@code issuer.key}) with the given extensions (a config file's lines).
     */
    OpenSsl issue(String name, String cn, String issuer, String extensions) throws IOException, InterruptedException {
        return issue(name, cn, issuer, extensions, "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
    }

    /** As {@link #issue(String, String, String, String)} with the key options given ({@code -newkey ed25519}). */
    OpenSsl issue(String name, String cn, String issuer, String extensions, String... keyOptions)
            throws IOException, InterruptedException {
        Files.writeString(file(name + ".ext"), extensions);
        List<String> req = new ArrayList<>(List.of("req", "-new", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=" + cn));
        req.addAll(List.of(keyOptions));
        run(req.toArray(String[]::new));
        run("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem", "-CAkey", issuer + ".key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "90", "-extfile", name + ".ext");
        return this;
    }

    /** Extensions of a TLS server certificate for {@code dnsName}, plus any extra lines. */
    static String server(String dnsName, String... extra) {
        return "basicConstraints=CA:FALSE\nsubjectAltName=DNS:" + dnsName + "\nextendedKeyUsage=serverAuth\n"
                + String.join("\n", extra) + "\n";
    }

    /** The concatenation of files of the working directory into a new one. */
    Path concat(String name, String... parts) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            text.append(Files.readString(file(part)));
        }
        return Files.writeString(file(name), text);
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
