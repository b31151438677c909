/** maintkit's mysql primitives. */
package io.maintkit.mysql;
