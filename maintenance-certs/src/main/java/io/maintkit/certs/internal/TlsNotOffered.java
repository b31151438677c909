package io.maintkit.certs.internal;

import java.io.IOException;

/** The server answered, but declined or does not offer TLS. */
final class TlsNotOffered extends IOException {

    TlsNotOffered(String message) {
        super(message, null);
    }
}
