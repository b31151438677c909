/** Runnable programs showing how a host application uses maintkit. */
package io.maintkit.examples;
