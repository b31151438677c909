package io.maintkit.certs.internal;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** A Bouncy Castle provider used by this module alone; never registered with the JVM. */
final class BouncyCastle {

    /** The provider. */
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
