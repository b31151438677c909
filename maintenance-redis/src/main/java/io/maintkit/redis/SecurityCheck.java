package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Info;
import io.maintkit.redis.internal.Node;
import io.maintkit.redis.internal.Readout;
import io.maintkit.redis.internal.Texts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code redis.security}: no authentication (the {@code default} ACL user enabled with {@code nopass} and every
 * command, or, before ACLs or where {@code ACL} is blocked, an empty {@code requirepass}), {@code protected-mode no}
 * on a server listening beyond loopback, and the dangerous commands of the host's policy still available under
 * their own name ({@code rename-command} not applied). No authentication is critical on a server listening beyond
 * loopback (or where that cannot be read), a warning on one bound to loopback only.
 *
 * <p>Kinds: {@code no-authentication}, {@code protected-mode-off}, {@code dangerous-command},
 * {@code authentication-unreadable}, {@code bind-unreadable}, {@code command-unreadable}.
 */
public final class SecurityCheck extends RedisInspection<SecurityCheck, SecurityReport> {

    /** The check id. */
    public static final String ID = "redis.security";
    /** The commands a production server should not offer under their own name: FLUSHALL, FLUSHDB, DEBUG, KEYS. */
    public static final Set<String> DEFAULT_DANGEROUS_COMMANDS = Set.of("FLUSHALL", "FLUSHDB", "DEBUG", "KEYS");
    /** How an available dangerous command is judged: a warning. */
    public static final Severity DEFAULT_DANGEROUS_COMMAND_SEVERITY = Severity.WARNING;

    private final Set<String> dangerous;
    private final Severity dangerousSeverity;

    private SecurityCheck(Context context, Set<String> dangerous, Severity dangerousSeverity) {
        super(context);
        this.dangerous = Set.copyOf(dangerous);
        this.dangerousSeverity = dangerousSeverity;
    }

    /** A check with the defaults, through the host's client. */
    public static SecurityCheck on(RedisClient client) {
        return on(Context.of(Connector.of(client)));
    }

    /** A check with the defaults, through a client of its own for {@code uri}. */
    public static SecurityCheck on(RedisURI uri) {
        return on(Context.of(Connector.of(uri)));
    }

    /** A check with the defaults over every node of the host's cluster client (see {@link #inspectEveryNode()}). */
    public static SecurityCheck on(RedisClusterClient client) {
        return on(Context.of(Connector.of(client)));
    }

    static SecurityCheck on(Context context) {
        return new SecurityCheck(context, DEFAULT_DANGEROUS_COMMANDS, DEFAULT_DANGEROUS_COMMAND_SEVERITY);
    }

    @Override
    SecurityCheck with(Context changed) {
        return new SecurityCheck(changed, dangerous, dangerousSeverity);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with the host's policy: these commands must not be available under their own name. */
    public SecurityCheck dangerousCommands(Set<String> commands, Severity severity) {
        Set<String> upper = new LinkedHashSet<>();
        commands.forEach(c -> upper.add(c.toUpperCase(Locale.ROOT)));
        return new SecurityCheck(context, upper, severity);
    }

    @Override
    SecurityReport inspect(Node node, Info info) {
        String subject = node.name();
        List<Finding> findings = new ArrayList<>();
        Readout<Map<String, String>> network = node.config("bind", "protected-mode");
        Optional<Boolean> loopbackOnly = network.optional().map(m -> m.get("bind")).map(SecurityCheck::loopbackOnly);
        Optional<Boolean> protectedMode = network.optional().map(m -> m.get("protected-mode"))
                .map(v -> v.equalsIgnoreCase("yes"));
        if (loopbackOnly.isEmpty()) {
            findings.add(Texts.unreadable(ID, "bind-unreadable", subject, "bind and protected-mode", network.reason()));
        }
        Readout<Boolean> auth = authenticationRequired(node);
        if (!auth.isRead()) {
            findings.add(Texts.unreadable(ID, "authentication-unreadable", subject, "authentication", auth.reason()));
        } else if (!auth.value()) {
            boolean local = loopbackOnly.orElse(false);
            findings.add(Finding.of(ID, "no-authentication", subject, local ? Severity.WARNING : Severity.CRITICAL,
                    "any client can connect without a password and run every command"
                    + (local ? " (loopback only)" : loopbackOnly.isPresent() ? " from the network"
                    : " (listening addresses unknown)")));
        }
        if (protectedMode.filter(p -> !p).isPresent() && loopbackOnly.filter(l -> !l).isPresent()) {
            findings.add(Finding.of(ID, "protected-mode-off", subject, Severity.WARNING,
                    "protected-mode is no and the server listens beyond loopback: " + network.value().get("bind")));
        }
        List<String> exposed = new ArrayList<>();
        for (String command : dangerous.stream().sorted().toList()) {
            Readout<List<Object>> infoReply = node.commandInfo(command);
            if (!infoReply.isRead()) {
                findings.add(Texts.unreadable(ID, "command-unreadable", subject, "COMMAND INFO " + command,
                        infoReply.reason()));
                break;
            }
            if (!infoReply.value().isEmpty() && infoReply.value().get(0) != null) {
                exposed.add(command);
                findings.add(Finding.of(ID, "dangerous-command", subject, dangerousSeverity,
                        command + " is available under its own name").withDetail("command", command));
            }
        }
        return new SecurityReport(subject, auth.optional(), loopbackOnly, protectedMode, exposed, findings);
    }

    /** From {@code ACL GETUSER default}, or {@code CONFIG GET requirepass} where ACL is missing or blocked. */
    private static Readout<Boolean> authenticationRequired(Node node) {
        Readout<List<Object>> acl = node.aclUser("default");
        if (acl.isRead()) {
            Map<String, Object> fields = new java.util.HashMap<>();
            List<Object> reply = acl.value();
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                fields.put(String.valueOf(reply.get(i)), reply.get(i + 1));
            }
            Object flags = fields.get("flags");
            if (flags instanceof List<?> list) {
                boolean open = list.contains("on") && list.contains("nopass");
                String commands = String.valueOf(fields.getOrDefault("commands", ""));
                return Readout.of(!(open && commands.contains("+@all")));
            }
        }
        Readout<Map<String, String>> requirepass = node.config("requirepass");
        if (requirepass.isRead()) {
            return Readout.of(!requirepass.value().getOrDefault("requirepass", "").isEmpty());
        }
        return Readout.unread("ACL GETUSER: " + acl.reason() + "; CONFIG GET requirepass: " + requirepass.reason());
    }

    /** Whether every address of a {@code bind} setting is a loopback address. */
    static boolean loopbackOnly(String bind) {
        String trimmed = bind.trim();
        if (trimmed.isEmpty()) {
            return false;
        }
        for (String address : trimmed.split("\\s+")) {
            String a = address.startsWith("-") ? address.substring(1) : address;
            if (!(a.startsWith("127.") || a.equals("::1") || a.equalsIgnoreCase("localhost"))) {
                return false;
            }
        }
        return true;
    }
}
