package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.maintkit.testkit.RedisBinary;
import io.maintkit.testkit.RedisProcess;
import java.util.ArrayList;
import java.util.List;

/** Private Redis servers for one test, of every executable this machine has, and clients for them. */
final class Servers implements AutoCloseable {

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** The executables every server test runs on: the embedded 6.2 and, where installed, Debian's 7.0. */
    static List<RedisBinary> binaries() {
        return RedisBinary.available();
    }

    RedisProcess start(RedisBinary binary, String... arguments) {
        RedisProcess process = RedisProcess.start(binary, arguments);
        opened.add(0, process);
        return process;
    }

    RedisClient client(RedisProcess process) {
        RedisClient client = RedisClient.create(process.uri());
        opened.add(0, client::shutdown);
        return client;
    }

    RedisCommands<String, String> commands(RedisClient client) {
        var connection = client.connect();
        opened.add(0, connection::close);
        return connection.sync();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }
}
