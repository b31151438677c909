package io.maintkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RedisEngineTest {

    private final RedisEngine redis = TestEngines.redis();

    @Test
    void sharedServerAnswersPing() throws IOException {
        assertThat(command("PING")).isEqualTo("+PONG");
        assertThat(redis.uri()).isEqualTo("redis://" + redis.host() + ":" + redis.port());
        assertThat(redis.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(TestEngines.redis()).isSameAs(redis);
    }

    @Test
    void saveWritesASnapshotIntoTheDataDirectory() throws IOException {
        if (redis.dataDirectory().isEmpty()) {
            return;
        }
        Path dump = redis.dataDirectory().get().resolve("dump.rdb");
        assertThat(command("SET", "testkit:key", "value")).isEqualTo("+OK");
        assertThat(command("SAVE")).isEqualTo("+OK");
        assertThat(dump).isRegularFile();
        byte[] header = new byte[5];
        try (var in = Files.newInputStream(dump)) {
            assertThat(in.read(header)).isEqualTo(5);
        }
        assertThat(new String(header, StandardCharsets.US_ASCII)).isEqualTo("REDIS");
    }

    @Test
    void embeddedServerListensOnLoopbackOnly() throws IOException {
        if (redis.dataDirectory().isEmpty()) {
            return;
        }
        assertThat(reply(5, "CONFIG", "GET", "bind")).containsExactly("*2", "$4", "bind", "$9", "127.0.0.1");
    }

    /** One RESP exchange over a raw socket; returns the first reply line. */
    private String command(String... arguments) throws IOException {
        return reply(1, arguments).get(0);
    }

    /** One RESP exchange over a raw socket; returns the first lines of the reply. */
    private java.util.List<String> reply(int lines, String... arguments) throws IOException {
        try (Socket socket = new Socket(redis.host(), redis.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
            for (String argument : arguments) {
                request.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(argument).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            java.util.List<String> reply = new java.util.ArrayList<>();
            for (int i = 0; i < lines; i++) {
                reply.add(in.readLine());
            }
            return reply;
        }
    }
}
