package io.maintkit.redis.internal;

/**
 * Lua scripts: guards that change a key only when a condition holds at that instant (no race between check and
 * change), and the keyspace audit's per-batch reads.
 */
public final class Scripts {

    /** The most keys one reading script (audit, dry run) takes: it holds the server for well under a millisecond. */
    public static final int KEYS_PER_SCRIPT = 100;

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

    /**
     * For each key of KEYS: its type, {@code MEMORY USAGE key SAMPLES ARGV[1]} (-1 when ARGV[2] is not {@code 1}
     * or the key vanished, -2 when MEMORY is refused), its PTTL and its length (elements; bytes for a string),
     * four entries per key. One command per batch instead of four per key: the reads are the same, the client's
     * per-command cost is gone. Keys sharing a prefix (up to ARGV[3]) usually share a type, so the length command
     * of the type last seen under the key's prefix is tried first and answers the type too: three reads per key
     * instead of four. A key of another type refuses it (WRONGTYPE) and is read with TYPE; a vanished key reads as
     * empty with a PTTL of -2.
     */
    public static final String INSPECT = """
            local out = {}
            local n = 0
            local memory = ARGV[2] == '1'
            local lengths = {string = 'STRLEN', list = 'LLEN', set = 'SCARD', zset = 'ZCARD', hash = 'HLEN',
                             stream = 'XLEN'}
            local typeOf = {}
            for _, k in ipairs(KEYS) do
              local at = string.find(k, ARGV[3], 1, true)
              local prefix = at and string.sub(k, 1, at) or ''
              local t = typeOf[prefix]
              local len = t and redis.pcall(lengths[t], k)
              if type(len) ~= 'number' then
                t = redis.call('TYPE', k)['ok']
                len = 0
                if lengths[t] then
                  len = redis.call(lengths[t], k)
                  typeOf[prefix] = t
                end
              end
              local size = -1
              if memory then
                local m = redis.pcall('MEMORY', 'USAGE', k, 'SAMPLES', ARGV[1])
                if type(m) == 'number' then size = m elseif type(m) == 'table' and m.err then size = -2 end
              end
              out[n + 1] = t
              out[n + 2] = size
              out[n + 3] = redis.call('PTTL', k)
              out[n + 4] = len
              n = n + 4
            end
            return out
            """;

    /**
     * A dry run's count over KEYS: returns {matched, selected, bytes}, where matched counts the keys that still
     * exist, selected those passing the filters (ARGV[1] {@code 1}: no TTL; ARGV[2] &gt; 0: idle at least that many
     * seconds) and bytes their {@code MEMORY USAGE key SAMPLES ARGV[4]} when ARGV[3] is {@code 1}. Reads only.
     */
    public static final String COUNT = """
            local matched, selected, bytes = 0, 0, 0
            local idle = tonumber(ARGV[2])
            for _, k in ipairs(KEYS) do
              local ttl = redis.call('PTTL', k)
              if ttl ~= -2 then
                matched = matched + 1
                local ok = not (ARGV[1] == '1' and ttl ~= -1)
                if ok and idle > 0 then
                  local t = redis.call('OBJECT', 'IDLETIME', k)
                  if (not t) or t < idle then ok = false end
                end
                if ok then
                  selected = selected + 1
                  if ARGV[3] == '1' then
                    local m = redis.pcall('MEMORY', 'USAGE', k, 'SAMPLES', ARGV[4])
                    if type(m) == 'number' then bytes = bytes + m end
                  end
                end
              end
            end
            return {matched, selected, bytes}
            """;

    private Scripts() {
    }
}
