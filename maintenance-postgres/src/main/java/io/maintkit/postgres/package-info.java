/** maintkit's postgres primitives. */
package io.maintkit.postgres;
