package io.maintkit.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/** Replaces a file by its gzip form without ever losing it. */
public final class GzipCompression {

    private GzipCompression() {
    }

    /**
     * Writes {@code file.gz} through a synced temporary file, then deletes {@code file}. On any failure the temporary
     * file is removed and {@code file} stays as it was.
     *
     * @param file     the file to compress
     * @param modified its modification time when planned; the {@code .gz} gets it too
     * @param size     its size when planned; a file that changes while compressed is left alone
     * @param sink     wraps the stream the compressed bytes go to
     * @return the size of the {@code .gz} file
     */
    public static long replaceWithGzip(Path file, Instant modified, long size, UnaryOperator<OutputStream> sink)
            throws IOException {
        Path target = file.resolveSibling(file.getFileName() + ".gz");
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "not overwriting an existing file");
        }
        Path temp = file.resolveSibling("." + file.getFileName() + ".gz." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                OutputStream out = sink.apply(Channels.newOutputStream(channel));
                GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024);
                in.transferTo(gzip);
                gzip.finish();
                gzip.flush();
                channel.force(true);
            }
            Files.setLastModifiedTime(temp, FileTime.from(modified));
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (after.size() != size || !after.lastModifiedTime().toInstant().equals(modified)) {
                throw new IOException(file + " was written to while it was compressed; left alone");
            }
            DurableFiles.moveIntoPlace(temp, target, false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        long compressed = Files.size(target);
        Files.delete(file);
        DurableFiles.syncFolderOf(file);
        return compressed;
    }
}
