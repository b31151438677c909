/**
 * Certificate checks over PEM and DER files, directories, PKCS#12 and JKS keystores and live TLS endpoints
 * (plain TLS, STARTTLS for SMTP, IMAP, POP3 and FTP, PostgreSQL and MySQL/MariaDB).
 *
 * <p>Start at {@link io.maintkit.certs.CertExpiryChecker#on()}.
 */
package io.maintkit.certs;
