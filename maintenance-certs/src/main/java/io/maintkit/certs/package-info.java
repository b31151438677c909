/** maintkit's certs primitives. */
package io.maintkit.certs;
