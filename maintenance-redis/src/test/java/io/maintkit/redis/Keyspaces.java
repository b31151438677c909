package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A realistic small cache for keyspace tests: sessions with TTL, leaked keys without, big keys of every type. */
final class Keyspaces {

    static final int SESSIONS = 200;
    static final int USERS = 300;
    static final int BIG_HASH_FIELDS = 5_000;
    /** A key name that is not UTF-8 and holds glob metacharacters. */
    static final byte[] BINARY_KEY = {'b', 'i', 'n', ':', (byte) 0xff, (byte) 0xfe, '*', '?', '[', ']', '\\', 0};
    /** Every key {@link #fill} writes. */
    static final int TOTAL = SESSIONS + USERS + 6 + 1;

    private Keyspaces() {
    }

    static void fill(RedisClient client) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> c = connection.sync();
            for (int i = 0; i < SESSIONS; i++) {
                c.set("session:" + i, "token-" + i, io.lettuce.core.SetArgs.Builder.ex(3600));
            }
            Map<String, String> users = new HashMap<>();
            for (int i = 0; i < USERS; i++) {
                users.put("user:" + i, "{\"name\":\"user " + i + "\",\"plan\":\"free\"}");
            }
            c.mset(users);
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < BIG_HASH_FIELDS; i++) {
                fields.put("field-" + i, "value-value-value-" + i);
            }
            c.hset("big:hash", fields);
            for (int i = 0; i < 2_000; i++) {
                c.rpush("queue:jobs", "job-" + i);
            }
            for (int i = 0; i < 1_500; i++) {
                c.sadd("tags:all", "tag-" + i);
                c.zadd("rank:scores", i, "player-" + i);
            }
            for (int i = 0; i < 100; i++) {
                c.xadd("events:stream", Map.of("n", Integer.toString(i)));
            }
            c.set("blob", "x".repeat(300_000));
        }
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            connection.sync().set(BINARY_KEY, "binary".getBytes(StandardCharsets.UTF_8));
        }
    }
}
