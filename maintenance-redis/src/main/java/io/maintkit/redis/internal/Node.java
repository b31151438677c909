package io.maintkit.redis.internal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.maintkit.core.internal.Failures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One open connection to one Redis node, with a timeout on every command. {@link #info()} must work (it is what
 * every check reads); every other command may be refused and answers a {@link Readout}.
 */
public final class Node implements AutoCloseable {

    private final Connector.Link<String, String> link;
    private final RedisAsyncCommands<String, String> commands;
    private final Duration timeout;
    private final String name;

    Node(Connector.Link<String, String> link, Duration timeout, String name) {
        this.link = link;
        this.commands = link.connection().async();
        this.timeout = timeout;
        this.name = "redis".equals(name) ? localName().orElse(name) : name;
    }

    private java.util.Optional<String> localName() {
        Readout<String> info = read(c -> c.clientInfo());
        if (!info.isRead()) {
            return java.util.Optional.empty();
        }
        for (String part : info.value().trim().split(" ")) {
            if (part.startsWith("laddr=") && part.length() > 6) {
                return java.util.Optional.of("redis://" + part.substring(6));
            }
        }
        return java.util.Optional.empty();
    }

    /** The node as findings name it, e.g. {@code redis://10.0.0.5:6379}. */
    public String name() {
        return name;
    }

    /**
     * The default sections of {@code INFO} (server, clients, memory, persistence, stats, replication, errorstats,
     * keyspace...).
     *
     * @throws io.lettuce.core.RedisException when the server cannot be reached or refuses INFO
     * @throws InterruptedException when interrupted while waiting
     */
    public Info info() throws InterruptedException {
        return Info.parse(await(commands.info()));
    }

    /**
     * {@code CONFIG GET} of the given parameters, one command each (Redis before 7 takes one per command); unread
     * when any of them cannot be read.
     */
    public Readout<Map<String, String>> config(String... parameters) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String parameter : parameters) {
            Readout<Map<String, String>> one = read(c -> c.configGet(parameter));
            if (!one.isRead()) {
                return one;
            }
            values.putAll(one.value());
        }
        return Readout.of(values);
    }

    /** {@code CLIENT LIST}. */
    public Readout<String> clientList() {
        return read(RedisAsyncCommands::clientList);
    }

    /** {@code LATENCY LATEST}: one entry per event, {@code [name, time, latest ms, max ms]}. */
    public Readout<List<Object>> latencyLatest() {
        return raw("LATENCY", "LATEST");
    }

    /** {@code ACL GETUSER name}. */
    public Readout<List<Object>> aclUser(String user) {
        return raw("ACL", "GETUSER", user);
    }

    /** {@code COMMAND INFO name}: a nil entry when the command does not exist under that name (renamed). */
    public Readout<List<Object>> commandInfo(String command) {
        return read(c -> c.commandInfo(command));
    }

    /** A command Lettuce has no method for; the reply as nested lists. */
    public Readout<List<Object>> raw(String command, String... arguments) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        for (String a : arguments) {
            args.add(a);
        }
        return read(c -> c.dispatch(keyword(command), new NestedMultiOutput<>(StringCodec.UTF8), args));
    }

    /** A command keyword by name. */
    public static ProtocolKeyword keyword(String command) {
        byte[] bytes = command.getBytes(StandardCharsets.US_ASCII);
        return new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return bytes;
            }

            @Override
            public String toString() {
                return command;
            }
        };
    }

    /** Runs a command that may be refused; never throws but when interrupted. */
    public <T> Readout<T> read(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        try {
            T value = await(command.apply(commands));
            return value == null ? Readout.unread("no reply") : Readout.of(value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Readout.unread("interrupted");
        } catch (RuntimeException e) {
            return Readout.unread(Failures.describe(e));
        }
    }

    private <T> T await(RedisFuture<T> future) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new io.lettuce.core.RedisException(cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new io.lettuce.core.RedisCommandTimeoutException("no reply within " + timeout.toMillis() + " ms");
        }
    }

    /** Closes the connection (and maintkit's own client, if any). */
    @Override
    public void close() {
        link.close();
    }
}
