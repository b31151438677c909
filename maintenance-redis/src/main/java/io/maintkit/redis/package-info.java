/** maintkit's redis primitives. */
package io.maintkit.redis;
