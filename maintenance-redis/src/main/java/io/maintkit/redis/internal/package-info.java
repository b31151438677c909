/** Internals of {@code io.maintkit.redis}: INFO parsing, connections, SCAN batches, Lua scripts. Not API. */
package io.maintkit.redis.internal;
