package io.maintkit.backup.internal;

/**
 * One problem found in a backup that holds several files (a base backup and its WAL).
 *
 * @param kind the problem code, e.g. {@code missing-file}
 * @param text the problem described for an operator
 */
record Problem(String kind, String text) {
}
