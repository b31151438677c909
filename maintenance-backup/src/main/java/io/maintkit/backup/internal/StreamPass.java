package io.maintkit.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One pass over a stream: a reader thread reads fixed-size chunks and feeds the digests while the calling thread
 * walks the same chunks. Reading plus hashing and walking (inflating) overlap, so the pass costs about as much as
 * the slower of the two. Memory is bounded by {@link #CHUNKS} chunks of {@link #CHUNK_SIZE} bytes.
 */
public final class StreamPass {

    /** The size of one chunk. */
    public static final int CHUNK_SIZE = 1 << 20;
    /** How many chunks are in flight at most. */
    public static final int CHUNKS = 4;

    private static final ByteSource.Chunk END = new ByteSource.Chunk(new byte[0], 0);

    private StreamPass() {
    }

    /**
     * What walks the bytes.
     *
     * @param <T> its result
     */
    @FunctionalInterface
    public interface Walk<T> {
        /** Walks the bytes; may stop before the end, the pass reads (and digests) the rest. */
        T walk(ByteSource source) throws IOException;
    }

    /**
     * The result of a pass.
     *
     * @param value     the walk's result, null if it threw
     * @param failure   what the walk threw, null if it returned
     * @param bytesRead how many bytes the stream held
     * @param <T>       the walk's result type
     */
    public record Outcome<T>(T value, IOException failure, long bytesRead) {
    }

    /**
     * Reads {@code in} to its end, updating every digest with every byte, while {@code walk} runs over the same
     * bytes on the calling thread. I/O errors of the stream itself are thrown; the walk's verdicts
     * ({@link CorruptBackupException}, {@link UnsupportedBackupException}) are returned.
     */
    public static <T> Outcome<T> run(InputStream in, List<MessageDigest> digests, Walk<T> walk) throws IOException {
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
        BlockingQueue<Object> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK_SIZE]);
        }
        Reader reader = new Reader(in, digests, free, filled);
        Thread thread = new Thread(reader, "maintkit-backup-reader");
        thread.setDaemon(true);
        thread.start();
        QueueSource source = new QueueSource(free, filled);
        T value = null;
        IOException failure = null;
        try {
            try {
                value = walk.walk(source);
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new CorruptBackupException("format-invalid", "unreadable: " + e);
            }
            if (failure != null && !(failure instanceof CorruptBackupException)
                    && !(failure instanceof UnsupportedBackupException)) {
                throw failure;
            }
            source.drain();
        } finally {
            reader.stop = true;
            free.clear();
            filled.clear();
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Outcome<>(value, failure, source.position());
    }

    /** Reads and digests on its own thread. */
    private static final class Reader implements Runnable {
        private final InputStream in;
        private final List<MessageDigest> digests;
        private final BlockingQueue<byte[]> free;
        private final BlockingQueue<Object> filled;
        volatile boolean stop;

        Reader(InputStream in, List<MessageDigest> digests, BlockingQueue<byte[]> free, BlockingQueue<Object> filled) {
            this.in = in;
            this.digests = digests;
            this.free = free;
            this.filled = filled;
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    byte[] buf = free.take();
                    int n = in.readNBytes(buf, 0, buf.length);
                    if (n <= 0) {
                        filled.put(END);
                        return;
                    }
                    for (MessageDigest d : digests) {
                        d.update(buf, 0, n);
                    }
                    filled.put(new ByteSource.Chunk(buf, n));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                if (!stop) {
                    // the queue holds one slot more than there are buffers, so the failure always fits
                    boolean queued = filled.offer(e);
                    assert queued;
                }
            }
        }
    }

    /** The calling thread's view of the chunks. */
    private static final class QueueSource extends ByteSource {
        private final BlockingQueue<byte[]> free;
        private final BlockingQueue<Object> filled;
        private byte[] current;
        private boolean done;

        QueueSource(BlockingQueue<byte[]> free, BlockingQueue<Object> filled) {
            this.free = free;
            this.filled = filled;
        }

        @Override
        protected Chunk nextChunk() throws IOException {
            if (current != null) {
                free.add(current);
                current = null;
            }
            if (done) {
                return null;
            }
            Object next;
            try {
                next = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the backup");
            }
            if (next instanceof IOException e) {
                done = true;
                throw e;
            }
            if (next instanceof RuntimeException e) {
                done = true;
                throw new IOException("cannot read the backup: " + e, e);
            }
            Chunk chunk = (Chunk) next;
            if (chunk == END) {
                done = true;
                return null;
            }
            current = chunk.bytes();
            return chunk;
        }
    }
}
