package io.maintkit.certs.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Matches a server name against a certificate per RFC 6125: DNS names with a wildcard only as the whole left-most
 * label, matching exactly one label; IP addresses against IP SANs only; the subject CN only when the certificate has
 * no DNS or IP SANs.
 */
public final class HostnameMatcher {

    private static final int DNS = 2;
    private static final int IP = 7;

    private HostnameMatcher() {
    }

    /** Whether {@code name} is one of the certificate's names. */
    public static boolean matches(String name, X509Certificate cert) {
        String host = normalize(name);
        boolean ipLiteral = isIpLiteral(host);
        List<String> dnsNames = new ArrayList<>();
        List<String> ipNames = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == DNS && san.get(1) instanceof String s) {
                        dnsNames.add(s);
                    } else if (type == IP && san.get(1) instanceof String s) {
                        ipNames.add(s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        if (ipLiteral) {
            return ipNames.stream().anyMatch(ip -> sameAddress(host, ip));
        }
        if (dnsNames.isEmpty() && ipNames.isEmpty()) {
            String cn = commonName(cert.getSubjectX500Principal());
            return cn != null && dnsMatches(host, normalize(cn));
        }
        return dnsNames.stream().anyMatch(pattern -> dnsMatches(host, normalize(pattern)));
    }

    static boolean dnsMatches(String host, String pattern) {
        if (!pattern.startsWith("*.")) {
            return !pattern.contains("*") && host.equals(pattern);
        }
        String suffix = pattern.substring(1); // ".example.com"
        if (suffix.contains("*") || suffix.indexOf('.', 1) < 0) {
            return false; // no second wildcard, and never "*.com"
        }
        if (!host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        return n;
    }

    /** Whether the name is an IPv4 or IPv6 literal rather than a DNS name. */
    public static boolean isIpLiteral(String name) {
        String n = normalize(name);
        return n.contains(":") || n.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false; // literals never resolve through DNS, so this is a malformed literal
        }
    }

    private static String commonName(X500Principal principal) {
        try {
            List<Rdn> rdns = new LdapName(principal.getName(X500Principal.RFC2253)).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return rdns.get(i).getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
