package io.maintkit.certs.internal;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Bouncy Castle provider this module uses for key decryption and certificate signatures, never registered with
 * the JVM. Its elliptic-curve arithmetic is several times faster than the JDK's before Java 21.
 */
final class BouncyCastle {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
