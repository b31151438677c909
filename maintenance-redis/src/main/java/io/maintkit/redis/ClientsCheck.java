package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Info;
import io.maintkit.redis.internal.Node;
import io.maintkit.redis.internal.Readout;
import io.maintkit.redis.internal.Samples;
import io.maintkit.redis.internal.Texts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * {@code redis.clients}: connections against {@code maxclients}, blocked clients, growth of
 * {@code rejected_connections} since the previous run, and the clients with the largest output buffers
 * ({@code CLIENT LIST}, read bounded: at most {@link #MAX_CLIENT_LINES} lines).
 *
 * <p>Kinds: {@code clients-near-max}, {@code blocked-clients}, {@code rejected-connections},
 * {@code client-output-buffer}, {@code maxclients-unreadable}, {@code client-list-unreadable},
 * {@code no-previous-sample}.
 */
public final class ClientsCheck extends RedisInspection<ClientsCheck, ClientsReport> {

    /** The check id. */
    public static final String ID = "redis.clients";
    /** Connections as a share of {@code maxclients}: warning at 80 %, critical at 95 %. */
    public static final Threshold<Percent> DEFAULT_CONNECTED = Threshold.above(Percent.of(80), Percent.of(95));
    /** Blocked clients: warning at 100, critical at 1,000; any other number is reported as information. */
    public static final Threshold<Long> DEFAULT_BLOCKED = Threshold.above(100L, 1_000L);
    /** One client's output buffer: warning at 32 MiB, critical at 256 MiB. */
    public static final Threshold<DataSize> DEFAULT_OUTPUT_BUFFER =
            Threshold.above(DataSize.ofMegabytes(32), DataSize.ofMegabytes(256));
    /** How many of the largest output buffers the report lists: 5. */
    public static final int DEFAULT_LARGEST = 5;
    /** The most {@code CLIENT LIST} lines read. */
    public static final int MAX_CLIENT_LINES = 100_000;

    private static final String REJECTED = "rejected_connections";

    private final Threshold<Percent> connected;
    private final Threshold<Long> blocked;
    private final Threshold<DataSize> outputBuffer;
    private final Samples samples = new Samples();

    private ClientsCheck(Context context, Threshold<Percent> connected, Threshold<Long> blocked,
                         Threshold<DataSize> outputBuffer) {
        super(context);
        this.connected = Objects.requireNonNull(connected, "connected");
        this.blocked = Objects.requireNonNull(blocked, "blocked");
        this.outputBuffer = Objects.requireNonNull(outputBuffer, "outputBuffer");
    }

    /** A check with the defaults, through the host's client. */
    public static ClientsCheck on(RedisClient client) {
        return on(Context.of(Connector.of(client)));
    }

    /** A check with the defaults, through a client of its own for {@code uri}. */
    public static ClientsCheck on(RedisURI uri) {
        return on(Context.of(Connector.of(uri)));
    }

    /** A check with the defaults over every node of the host's cluster client (see {@link #inspectEveryNode()}). */
    public static ClientsCheck on(RedisClusterClient client) {
        return on(Context.of(Connector.of(client)));
    }

    static ClientsCheck on(Context context) {
        return new ClientsCheck(context, DEFAULT_CONNECTED, DEFAULT_BLOCKED, DEFAULT_OUTPUT_BUFFER);
    }

    @Override
    ClientsCheck with(Context changed) {
        return new ClientsCheck(changed, connected, blocked, outputBuffer);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for connections as a share of {@code maxclients}. */
    public ClientsCheck connected(Threshold<Percent> limits) {
        return new ClientsCheck(context, limits, blocked, outputBuffer);
    }

    /** This check with other limits for blocked clients. */
    public ClientsCheck blocked(Threshold<Long> limits) {
        return new ClientsCheck(context, connected, limits, outputBuffer);
    }

    /** This check with other limits for one client's output buffer. */
    public ClientsCheck outputBuffer(Threshold<DataSize> limits) {
        return new ClientsCheck(context, connected, blocked, limits);
    }

    @Override
    ClientsReport inspect(Node node, Info info) {
        String subject = node.name();
        List<Finding> findings = new ArrayList<>();
        long clients = info.number("connected_clients").orElse(0);
        OptionalLong max = info.number("maxclients");
        if (max.isEmpty()) {
            Readout<Map<String, String>> config = node.config("maxclients");
            max = config.optional().map(m -> m.get("maxclients")).map(Info::longOf).filter(v -> v > 0)
                    .map(OptionalLong::of).orElse(OptionalLong.empty());
            if (max.isEmpty()) {
                findings.add(Texts.unreadable(ID, "maxclients-unreadable", subject, "maxclients", config.reason()));
            }
        }
        if (max.isPresent()) {
            Percent share = Percent.ratio(clients, max.getAsLong());
            Severity s = connected.evaluate(share);
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, "clients-near-max", subject, s, Texts.count(clients) + " clients, "
                                + share + " of maxclients " + Texts.count(max.getAsLong()))
                        .withMeasurements(Measurement.count("connected_clients", clients),
                                Measurement.percent("used_percent", share)));
            }
        }
        long blockedClients = info.number("blocked_clients").orElse(0);
        if (blockedClients > 0) {
            findings.add(Finding.of(ID, "blocked-clients", subject,
                            Severity.worst(Severity.INFO, blocked.evaluate(blockedClients)),
                            Texts.count(blockedClients)
                            + " clients blocked in BLPOP, BRPOP, WAIT, XREAD BLOCK or similar")
                    .withMeasurements(Measurement.count("blocked_clients", blockedClients)));
        }
        OptionalLong rejectedSince = rejected(subject, info, findings);
        Readout<List<ClientsReport.ClientBuffer>> buffers = node.clientList().map(ClientsCheck::largestBuffers);
        if (!buffers.isRead()) {
            findings.add(Texts.unreadable(ID, "client-list-unreadable", subject, "CLIENT LIST", buffers.reason()));
        }
        for (ClientsReport.ClientBuffer b : buffers.optional().orElse(List.of())) {
            Severity s = outputBuffer.evaluate(b.buffer());
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, "client-output-buffer", subject, s, "client " + b.id() + " ("
                                + b.address() + (b.name().isEmpty() ? "" : ", " + b.name()) + ") holds " + b.buffer()
                                + " of unread output (last command " + b.command() + ")")
                        .withDetail("client", Long.toString(b.id()))
                        .withMeasurements(Measurement.bytes("output_buffer", b.buffer())));
            }
        }
        return new ClientsReport(subject, clients, max, blockedClients, info.number(REJECTED).orElse(0),
                rejectedSince, buffers.optional().orElse(List.of()), findings);
    }

    private OptionalLong rejected(String subject, Info info, List<Finding> findings) {
        long total = info.number(REJECTED).orElse(0);
        Samples.Sample now = new Samples.Sample(info.text("run_id").orElse(""), context.clock().instant(),
                Map.of(REJECTED, total));
        Optional<Samples.Sample> before = samples.exchange(subject, now);
        if (before.isEmpty()) {
            findings.add(Finding.of(ID, "no-previous-sample", subject, Severity.INFO,
                    "first sample: rejected connections since the previous check are known from the next run ("
                    + Texts.count(total) + " since start)"));
            return OptionalLong.empty();
        }
        long grown = now.since(before.get(), REJECTED);
        if (grown > 0) {
            findings.add(Finding.of(ID, "rejected-connections", subject, Severity.CRITICAL, Texts.count(grown)
                            + " connections rejected (maxclients reached) since the previous check")
                    .withMeasurements(Measurement.count("rejected_connections", grown)));
        }
        return OptionalLong.of(grown);
    }

    /** The largest output buffers of a {@code CLIENT LIST} reply, bounded in lines read and entries kept. */
    static List<ClientsReport.ClientBuffer> largestBuffers(String clientList) {
        PriorityQueue<ClientsReport.ClientBuffer> top =
                new PriorityQueue<>(Comparator.comparingLong(b -> b.buffer().bytes()));
        int lines = 0;
        for (String line : clientList.split("\n")) {
            if (++lines > MAX_CLIENT_LINES) {
                break;
            }
            Map<String, String> fields = new HashMap<>();
            for (String part : line.trim().split(" ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    fields.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            long omem = Info.longOf(fields.get("omem"));
            if (!fields.containsKey("id") || omem <= 0) {
                continue;
            }
            top.add(new ClientsReport.ClientBuffer(Info.longOf(fields.get("id")), fields.getOrDefault("addr", "?"),
                    Texts.shorten(fields.getOrDefault("name", ""), 64), fields.getOrDefault("cmd", "?"),
                    DataSize.ofBytes(omem)));
            if (top.size() > DEFAULT_LARGEST) {
                top.poll();
            }
        }
        List<ClientsReport.ClientBuffer> largest = new ArrayList<>(top);
        largest.sort(Comparator.comparingLong((ClientsReport.ClientBuffer b) -> b.buffer().bytes()).reversed());
        return largest;
    }
}
