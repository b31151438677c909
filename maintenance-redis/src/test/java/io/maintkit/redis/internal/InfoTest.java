package io.maintkit.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class InfoTest {

    @Test
    void readsFieldsByNameWhateverTheirOrderAndNewFields() {
        Info info = Info.parse("# Server\r\nredis_version:7.4.1\r\nsome_future_field:x\r\n\r\n# Memory\r\n"
                + "used_memory:1048576\r\nmaxmemory_policy:allkeys-lru\r\n# Keyspace\r\n"
                + "db0:keys=10,expires=3,avg_ttl=1200,subexpiry=2\r\ndb12:expires=1,keys=5,avg_ttl=0\r\n");
        assertThat(info.number("used_memory")).hasValue(1_048_576);
        assertThat(info.text("maxmemory_policy")).hasValue("allkeys-lru");
        assertThat(info.keyspace()).containsEntry(0, new Info.Keyspace(10, 3))
                .containsEntry(12, new Info.Keyspace(5, 1));
        assertThat(info.compound("db0")).containsEntry("subexpiry", "2");
        assertThat(info.problems()).isEmpty();
    }

    @Test
    void valkeyIsRecognisedByServerNameNotByItsFrozenRedisVersion() {
        Info info = Info.parse("redis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:8.1.0\r\n");
        assertThat(info.version().flavour()).isEqualTo("valkey");
        assertThat(info.version().text()).isEqualTo("8.1.0");
        assertThat(Info.parse("redis_version:7.0.15\r\n").version().flavour()).isEqualTo("redis");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(ServerVersion.of("redis", "7.10.0").atLeast(7, 4)).isTrue();
        assertThat(ServerVersion.of("redis", "6.2.6").atLeast(7, 0)).isFalse();
        assertThat(ServerVersion.of("redis", "10.0-rc1").atLeast(8, 0)).isTrue();
    }

    @Test
    void malformedLinesBecomeProblemsNotExceptions() {
        Info info = Info.parse("no colon here\r\n:empty name\r\nused_memory:abc\r\nok:1\r\n" + "x".repeat(70_000));
        assertThat(info.problems()).hasSize(3);
        assertThat(info.number("used_memory")).isEmpty();
        assertThat(info.number("ok")).hasValue(1);
    }

    @Test
    void staysBoundedOnHugeOrRandomInput() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            many.append("f").append(i).append(":1\n");
        }
        assertThat(Info.parse(many.toString()).fields()).hasSize(Info.MAX_FIELDS);
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            Info fuzzed = Info.parse(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(fuzzed.problems().size()).isLessThanOrEqualTo(20);
            fuzzed.keyspace();
            fuzzed.version();
        }
    }
}
