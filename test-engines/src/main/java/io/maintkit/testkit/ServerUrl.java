package io.maintkit.testkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A server address parsed from an environment variable: a JDBC URL
 * ({@code jdbc:postgresql://host:port/db?user=u&password=p}) or a Redis URI
 * ({@code redis://[user][:password@]host:port}). {@link #toString()} never shows the password.
 */
record ServerUrl(String variable, String scheme, String host, int port, String database, String user, String password,
                 Map<String, String> parameters) {

    static ServerUrl parseJdbc(String variable, String url, String expectedScheme, int defaultPort) {
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException(variable + " must be a JDBC URL (jdbc:" + expectedScheme + "://host:port/...)");
        }
        ServerUrl parsed = parse(variable, url.substring("jdbc:".length()), defaultPort);
        if (!parsed.scheme().equals(expectedScheme)) {
            throw new IllegalArgumentException(variable + " must start with jdbc:" + expectedScheme + "://, not jdbc:" + parsed.scheme());
        }
        Map<String, String> parameters = new LinkedHashMap<>(parsed.parameters());
        String user = parameters.remove("user");
        String password = parameters.remove("password");
        return new ServerUrl(variable, parsed.scheme(), parsed.host(), parsed.port(), parsed.database(),
                user != null ? user : parsed.user(), password != null ? password : parsed.password(), Map.copyOf(parameters));
    }

    static ServerUrl parse(String variable, String url, int defaultPort) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            // never echo the value: it may hold a password
            throw new IllegalArgumentException(variable + " is not a valid URL (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(variable + " must name a scheme and a host, e.g. scheme://host:port/");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon >= 0 ? info.substring(0, colon) : info);
            password = colon >= 0 ? decode(info.substring(colon + 1)) : null;
            if (user.isEmpty()) {
                user = null;
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                parameters.put(decode(equals >= 0 ? pair.substring(0, equals) : pair), equals >= 0 ? decode(pair.substring(equals + 1)) : "");
            }
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ServerUrl(variable, uri.getScheme().toLowerCase(Locale.ROOT), host, uri.getPort() > 0 ? uri.getPort() : defaultPort,
                database, user, password, Map.copyOf(parameters));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The variable and server, without credentials. */
    @Override
    public String toString() {
        return variable + " (" + scheme + "://" + (user == null ? "" : user + "@") + SqlAccess.hostForUrl(host) + ":" + port + ")";
    }
}
