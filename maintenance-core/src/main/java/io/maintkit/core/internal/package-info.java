/**
 * Code shared by maintkit's modules. Not API: hosts should not use it, and it may change without notice.
 */
package io.maintkit.core.internal;
