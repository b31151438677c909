/** maintkit's backup primitives. */
package io.maintkit.backup;
