/** Internals of {@code io.maintkit.postgres}: sessions, statement texts, row reading. Not API. */
package io.maintkit.postgres.internal;
