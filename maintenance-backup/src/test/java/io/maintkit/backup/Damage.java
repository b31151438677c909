package io.maintkit.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** Damaged copies of real artifacts: truncated at many offsets, single bytes flipped at many offsets. */
final class Damage {

    private Damage() {
    }

    /** Offsets spread over {@code [from, to)}: both ends, the first bytes, and {@code count} random ones. */
    static List<Long> offsets(long from, long to, int count, long seed) {
        TreeSet<Long> set = new TreeSet<>();
        Random random = new Random(seed);
        for (long o = from; o < Math.min(to, from + 16); o++) {
            set.add(o);
        }
        set.add(to - 1);
        set.add((from + to) / 2);
        while (set.size() < count + 17 && set.size() < to - from) {
            set.add(from + (long) (random.nextDouble() * (to - from)));
        }
        return new ArrayList<>(set);
    }

    /** A copy of {@code source} named {@code name} in {@code dir}, cut after {@code length} bytes. */
    static Path truncated(Path source, Path dir, String name, long length) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        Path p = dir.resolve(name);
        Files.write(p, java.util.Arrays.copyOf(bytes, (int) length));
        return p;
    }

    /** A copy of {@code source} named {@code name} in {@code dir}, with the byte at {@code offset} inverted. */
    static Path flipped(Path source, Path dir, String name, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        bytes[(int) offset] ^= (byte) 0xff;
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }
}
