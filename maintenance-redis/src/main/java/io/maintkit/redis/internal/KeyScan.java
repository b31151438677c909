package io.maintkit.redis.internal;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One SCAN pass over one node with binary-safe keys ({@link ByteArrayCodec}) on a connection of its own, which
 * pipelines: commands queue until {@link #flush()}, so that a batch of per-key commands costs one round trip, and
 * the next SCAN is always on its way while the caller works on the last one's keys.
 */
public final class KeyScan implements AutoCloseable {

    private final Connector.Link<byte[], byte[]> link;
    private final RedisAsyncCommands<byte[], byte[]> commands;
    private final Duration timeout;
    private final ScanArgs args;
    private ScanCursor cursor;
    private RedisFuture<KeyScanCursor<byte[]>> ahead;

    private KeyScan(Connector.Link<byte[], byte[]> link, Duration timeout, ScanArgs args, ScanCursor cursor) {
        this.link = link;
        this.commands = link.connection().async();
        this.timeout = timeout;
        this.args = args;
        this.cursor = cursor;
    }

    /**
     * Opens a scan.
     *
     * @param connector how to connect
     * @param match     the glob, null for every key
     * @param count     SCAN's COUNT hint
     * @param resumeAt  a cursor from an earlier pass to continue from, null or "0" to start
     * @param timeout   the longest wait for one reply
     */
    public static KeyScan open(Connector connector, byte[] match, int count, String resumeAt, Duration timeout) {
        Connector.Link<byte[], byte[]> link = connector.open(ByteArrayCodec.INSTANCE);
        link.connection().setAutoFlushCommands(false);
        ScanArgs args = ScanArgs.Builder.limit(count);
        if (match != null) {
            args.match(match);
        }
        ScanCursor start = resumeAt == null || resumeAt.equals("0") ? ScanCursor.INITIAL : ScanCursor.of(resumeAt);
        return new KeyScan(link, timeout, args, start);
    }

    /** Whether the pass has returned every key. */
    public boolean finished() {
        return cursor.isFinished();
    }

    /** The cursor to resume from: {@code 0} before the first call and after the last. */
    public String cursor() {
        return cursor.isFinished() ? "0" : cursor.getCursor();
    }

    /**
     * The next SCAN reply's keys (may be empty while the pass goes on). The SCAN after it is sent at once, before
     * the caller queues its commands for these keys, so that the server scans on while the client works.
     */
    public List<byte[]> next() throws InterruptedException {
        RedisFuture<KeyScanCursor<byte[]>> reply = ahead != null ? ahead : commands.scan(cursor, args);
        ahead = null;
        flush();
        KeyScanCursor<byte[]> result = await(reply);
        cursor = result;
        if (!cursor.isFinished()) {
            ahead = commands.scan(cursor, args);
            flush();
        }
        return result.getKeys();
    }

    /**
     * Sends every queued command and waits until {@code last} (the last one queued) has its reply: replies come in
     * order, so every earlier reply is then in, and reading them does not block once per command.
     */
    public void flushAndSettle(RedisFuture<?> last) throws InterruptedException {
        flush();
        if (last == null) {
            return;
        }
        try {
            last.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // read again, with its failure, by the caller's await
        }
    }

    /** The pipelined commands; nothing is sent before {@link #flush()}. */
    public RedisAsyncCommands<byte[], byte[]> commands() {
        return commands;
    }

    /** {@code MEMORY USAGE key SAMPLES n}, queued. */
    public RedisFuture<Long> memoryUsage(byte[] key, int samples) {
        CommandArgs<byte[], byte[]> a = new CommandArgs<>(ByteArrayCodec.INSTANCE).add("USAGE").addKey(key)
                .add("SAMPLES").add(samples);
        return commands.dispatch(CommandType.MEMORY, new IntegerOutput<>(ByteArrayCodec.INSTANCE), a);
    }

    /** Sends every queued command. */
    public void flush() {
        link.connection().flushCommands();
    }

    /**
     * A reply within the timeout.
     *
     * @throws io.lettuce.core.RedisException when the command failed or timed out
     */
    public <T> T await(RedisFuture<T> future) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new io.lettuce.core.RedisException(cause);
        } catch (TimeoutException e) {
            throw new io.lettuce.core.RedisCommandTimeoutException("no reply within " + timeout.toMillis() + " ms");
        }
    }

    /** {@code INFO} of the scanned node. */
    public Info info() throws InterruptedException {
        RedisFuture<String> reply = commands.info();
        flush();
        return Info.parse(await(reply));
    }

    @Override
    public void close() {
        link.close();
    }
}
