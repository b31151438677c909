package io.maintkit.redis.internal;

/** Lua scripts that change a key only when a condition holds at that instant (no race between check and change). */
public final class Guards {

    /**
     * Unlinks each key of KEYS when ARGV[1] is {@code 1} and it has no TTL, and when ARGV[2] &gt; 0 and it has been
     * idle at least ARGV[2] seconds; returns how many were unlinked.
     */
    public static final String UNLINK_IF = """
            local n = 0
            local idle = tonumber(ARGV[2])
            for _, k in ipairs(KEYS) do
              local ok = true
              if ARGV[1] == '1' and redis.call('PTTL', k) ~= -1 then ok = false end
              if ok and idle > 0 then
                local t = redis.call('OBJECT', 'IDLETIME', k)
                if (not t) or t < idle then ok = false end
              end
              if ok then n = n + redis.call('UNLINK', k) end
            end
            return n
            """;

    /** {@code EXPIRE k ARGV[1] NX} for servers before 7: sets the TTL only on keys of KEYS that have none. */
    public static final String EXPIRE_NX = """
            local n = 0
            for _, k in ipairs(KEYS) do
              if redis.call('PTTL', k) == -1 then n = n + redis.call('EXPIRE', k, ARGV[1]) end
            end
            return n
            """;

    private Guards() {
    }
}
