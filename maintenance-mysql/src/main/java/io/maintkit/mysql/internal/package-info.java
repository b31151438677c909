/** Internals of the MariaDB/MySQL module: sessions, statement resources, catalog parsing. Not API. */
package io.maintkit.mysql.internal;
