namespace Dify.HA.Data.Tasks.Redis.Internals;

/// <summary>
/// The Lua scripts of <see cref="RedisTaskStore"/>. Every operation on a task is one script, so it is atomic, and every
/// writing script is guarded (by the task id, an enqueue nonce or the lease token) so that running it twice has the
/// effect of running it once: that is what lets the connection provider retry them across a master failover.
/// All keys of a queue share the hash tag <c>{queue}</c>, so the keys a script builds from <c>ARGV[1]</c> (the queue's
/// base) live in the slot of its declared keys, also on a Cluster.
/// Time is the server's (<c>TIME</c>): one clock for every worker, so a skewed worker clock cannot expire another's
/// lease early. Task hash fields: p payload, pr priority, ea enqueued-at ticks, nb not-before ticks, ma max attempts,
/// to timeout ticks, ik idempotency key, tp traceparent, a attempt of the next/current delivery, ec error count,
/// e1..eN errors (JSON), s state (r ready, l leased, d delayed, x dead), sid stream entry, ln lease counter, lt lease
/// token, c consumer, rel released flag, en enqueue nonce, da dead-lettered at (ms), de dead-letter entry.
/// A lease token is <c>{lease counter}@{stream entry id}</c>, and the leases set of a priority holds one member
/// <c>{task id}|{token}</c> per live lease (<c>{task id}|</c> once released), scored by expiry. So removing that member
/// is itself the fencing test of an acknowledgement (it succeeds only while this very lease is the task's current one,
/// because every hand-over, release, retry and dead letter removes it) and the token names the entry to XACK: the hot
/// path reads no hash. The other operations still check the hash (<c>lt</c>), which holds the same token.
/// </summary>
internal static class RedisTaskScripts
{
    // Shared helpers: server time in ms; putting a task in its priority's stream (creating the level and its consumer
    // group on first use).
    private const string Prelude = """
        if redis.replicate_commands then pcall(redis.replicate_commands) end
        local function nowms()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end
        local function ready(base, group, levels, h, id, pr, fresh, known)
          local stream = base .. 's:' .. pr
          if not (known and known[pr]) then
            if redis.call('ZADD', levels, 'NX', tonumber(pr), pr) == 1 then
              pcall(redis.call, 'XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM')
            end
            if known then known[pr] = true end
          end
          local sid = redis.call('XADD', stream, '*', 'i', id)
          if fresh then
            fresh[#fresh + 1] = 's'
            fresh[#fresh + 1] = 'r'
            fresh[#fresh + 1] = 'sid'
            fresh[#fresh + 1] = sid
            redis.call('HSET', h, unpack(fresh))
          else
            redis.call('HSET', h, 's', 'r', 'sid', sid)
            redis.call('HDEL', h, 'lt', 'c', 'rel')
          end
          return sid
        end
        local function adderror(h, json)
          local ec = redis.call('HINCRBY', h, 'ec', 1)
          redis.call('HSET', h, 'e' .. ec, json)
        end
        local function leased(h, token)
          if token == '' then return false end
          local v = redis.call('HMGET', h, 's', 'lt', 'sid')
          if v[1] == 'l' and v[2] == token then return v[3] end
          return false
        end

        """;

    /// <summary>
    /// Enqueues one or more tasks of one queue (the store's group commit). KEYS: 1 levels, 2 delayed, then per task its
    /// hash, its idempotency key (or the hash again) and its priority's stream. ARGV: 1 base, 2 group, then per task
    /// id, nonce, priority, payload, enqueued ticks, not-before unix ms or '', not-before ticks or '', max attempts,
    /// timeout ticks or '', idempotency key or '', traceparent or ''. Returns per task {created 1/0, task id}.
    /// A task whose hash exists is not written again (a repeat with the same nonce answers created, as the first run did).
    /// </summary>
    public const string Enqueue = Prelude + """
        local base, group = ARGV[1], ARGV[2]
        local out = {}
        local now = nil
        local known = {}
        for i = 0, ((#KEYS - 2) / 3) - 1 do
          local h, idem, stream = KEYS[3 + i * 3], KEYS[4 + i * 3], KEYS[5 + i * 3]
          local a = 3 + i * 11
          local id, nonce, pr = ARGV[a], ARGV[a + 1], ARGV[a + 2]
          local ik = ARGV[a + 9]
          local result = nil
          if redis.call('EXISTS', h) == 1 then
            if redis.call('HGET', h, 'en') == nonce then result = {1, id} else result = {0, id} end
          elseif ik ~= '' then
            local first = redis.call('GET', idem)
            if first then
              if first == id then result = {1, first} else result = {0, first} end
            else
              redis.call('SET', idem, id)
            end
          end
          if not result then
            local f = {'p', ARGV[a + 3], 'pr', pr, 'ea', ARGV[a + 4], 'ma', ARGV[a + 7], 'a', 1, 'ec', 0, 'ln', 0, 'en', nonce}
            if ik ~= '' then f[#f + 1] = 'ik' f[#f + 1] = ik end
            if ARGV[a + 6] ~= '' then f[#f + 1] = 'nb' f[#f + 1] = ARGV[a + 6] end
            if ARGV[a + 8] ~= '' then f[#f + 1] = 'to' f[#f + 1] = ARGV[a + 8] end
            if ARGV[a + 10] ~= '' then f[#f + 1] = 'tp' f[#f + 1] = ARGV[a + 10] end
            local due = tonumber(ARGV[a + 5])
            if due and not now then now = nowms() end
            if due and due > now then
              f[#f + 1] = 's'
              f[#f + 1] = 'd'
              redis.call('HSET', h, unpack(f))
              redis.call('ZADD', KEYS[2], due, id)
            else
              ready(base, group, KEYS[1], h, id, pr, f, known)
            end
            result = {1, id}
          end
          out[#out + 1] = result
        end
        return out
        """;

    /// <summary>
    /// KEYS: 1 levels, 2 delayed. ARGV: 1 base, 2 group, 3 consumer, 4 max count, 5 lease ms.
    /// Moves due delayed tasks to their streams; then, from the highest priority down, re-delivers expired (or
    /// released) leases of the level with <c>XCLAIM</c> and reads new entries with <c>XREADGROUP</c>.
    /// Returns a list of {id, token, {p, pr, ea, nb, ma, to, ik, tp, a}, {errors…}}.
    /// </summary>
    public const string Lease = Prelude + """
        local base, group, consumer = ARGV[1], ARGV[2], ARGV[3]
        local left = tonumber(ARGV[4])
        local leasems = tonumber(ARGV[5])
        local now = nowms()
        local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 512)
        for _, id in ipairs(due) do
          redis.call('ZREM', KEYS[2], id)
          local h = base .. 't:' .. id
          local pr = redis.call('HGET', h, 'pr')
          if pr and redis.call('HGET', h, 's') == 'd' then ready(base, group, KEYS[1], h, id, pr) end
        end
        local out = {}
        local function fields(h)
          return redis.call('HMGET', h, 'p', 'pr', 'ea', 'nb', 'ma', 'to', 'ik', 'tp', 'a', 'ec', 'ln', 'sid')
        end
        local function take(h, id, leases, f)
          f = f or fields(h)
          local n = (tonumber(f[11]) or 0) + 1
          local token = n .. '@' .. f[12]
          redis.call('HSET', h, 's', 'l', 'lt', token, 'c', consumer, 'ln', n)
          redis.call('ZADD', leases, now + leasems, id .. '|' .. token)
          local errs = {}
          local ec = tonumber(f[10]) or 0
          if ec > 0 then
            local names = {}
            for i = 1, ec do names[i] = 'e' .. i end
            errs = redis.call('HMGET', h, unpack(names))
          end
          f[12] = nil
          f[11] = nil
          f[10] = nil
          out[#out + 1] = {id, token, f, errs}
          left = left - 1
        end
        for _, pr in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
          if left <= 0 then break end
          local stream = base .. 's:' .. pr
          local leases = base .. 'l:' .. pr
          for _, m in ipairs(redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, left)) do
            redis.call('ZREM', leases, m)
            local id, old = string.match(m, '^(.*)|([^|]*)$')
            if not id then
              -- a member of the earlier layout (the bare task id, before tokens named their entry): still re-delivered
              id = m
            end
            local h = base .. 't:' .. id
            local v = redis.call('HMGET', h, 's', 'sid', 'lt', 'rel', 'a', 'c')
            local claimed = {}
            if v[1] == 'l' and v[2] and (old == nil or v[3] == old) then
              claimed = redis.call('XCLAIM', stream, group, consumer, 0, v[2], 'JUSTID')
            end
            if #claimed == 1 then
              if v[4] == '1' then
                redis.call('HDEL', h, 'rel')
              else
                local who = v[6] or '?'
                adderror(h, cjson.encode({a = tonumber(v[5]), t = now, y = 'lease_expired', p = false,
                  m = "The lease of consumer '" .. who .. "' expired before the task was acknowledged."}))
                redis.call('HINCRBY', h, 'a', 1)
              end
              take(h, id, leases)
            end
          end
          if left > 0 then
            local ok, r = pcall(redis.call, 'XREADGROUP', 'GROUP', group, consumer, 'COUNT', left, 'STREAMS', stream, '>')
            if not ok then
              pcall(redis.call, 'XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM')
              r = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', left, 'STREAMS', stream, '>')
            end
            if r then
              for _, e in ipairs(r[1][2]) do
                local id = e[2][2]
                local h = base .. 't:' .. id
                local f = fields(h)
                if f[12] == e[1] then
                  take(h, id, leases, f)
                else
                  redis.call('XACK', stream, group, e[1])
                  redis.call('XDEL', stream, e[1])
                end
              end
            end
          end
        end
        return out
        """;

    /// <summary>KEYS: 1 hash, 2 stream, 3 leases. ARGV: 1 token, 2 group, 3 consumer, 4 id, 5 lease ms. Returns 1 renewed, 0 lost.</summary>
    public const string Renew = Prelude + """
        local sid = leased(KEYS[1], ARGV[1])
        if not sid then return 0 end
        if #redis.call('XCLAIM', KEYS[2], ARGV[2], ARGV[3], 0, sid, 'JUSTID') == 0 then return 0 end
        redis.call('ZADD', KEYS[3], nowms() + tonumber(ARGV[5]), ARGV[4] .. '|' .. ARGV[1])
        return 1
        """;

    /// <summary>
    /// Acknowledges one or more leases of one queue (the store's group commit): XACK, the lease and the hash removed, the
    /// idempotency key kept for the retention. KEYS: per lease hash, stream, leases, idempotency key (or the hash again).
    /// ARGV: 1 group, 2 key retention ms, then per lease token, id, has key 1/0. Returns how many were acknowledged.
    /// The acknowledged entries leave their stream by one <c>XTRIM MINID</c> per stream and batch rather than one
    /// <c>XDEL</c> each: deleting a stream's first entry makes Redis scan past the deleted entries at the head of its
    /// node to find the new first one (≈ 4 µs a task, the dearest command of the whole path, measured with
    /// <c>INFO commandstats</c>), and in FIFO order nearly every acknowledged entry is the first. Everything before the
    /// oldest pending entry was delivered (a group delivers in id order) and is no longer pending, so it is done; with
    /// nothing pending, everything up to the newest entry of this batch is. The few entries of the batch behind a still
    /// pending one are deleted one by one (not the first entry, so cheap), so XLEN stays exact for the statistics.
    /// </summary>
    public const string CompleteMany = Prelude + """
        local group, keep = ARGV[1], tonumber(ARGV[2])
        local done = 0
        local acked, order = {}, {}
        local function before(a, b)
          local am, as = string.match(a, '^(%d+)-(%d+)$')
          local bm, bs = string.match(b, '^(%d+)-(%d+)$')
          am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
          return am < bm or (am == bm and as < bs)
        end
        for i = 0, (#KEYS / 4) - 1 do
          local h, stream, leases, idem = KEYS[i * 4 + 1], KEYS[i * 4 + 2], KEYS[i * 4 + 3], KEYS[i * 4 + 4]
          local token, id, hasidem = ARGV[3 + i * 3], ARGV[4 + i * 3], ARGV[5 + i * 3]
          local sid = string.match(token, '@(.+)$')
          if sid and redis.call('ZREM', leases, id .. '|' .. token) == 1 then
            redis.call('XACK', stream, group, sid)
            redis.call('DEL', h)
            if hasidem == '1' and redis.call('GET', idem) == id then
              if keep > 0 then redis.call('PEXPIRE', idem, keep) else redis.call('DEL', idem) end
            end
            local list = acked[stream]
            if not list then
              list = {}
              acked[stream] = list
              order[#order + 1] = stream
            end
            list[#list + 1] = sid
            done = done + 1
          end
        end
        for _, stream in ipairs(order) do
          local list = acked[stream]
          local pending = redis.call('XPENDING', stream, group)
          local minid
          if tonumber(pending[1]) > 0 then
            minid = pending[2]
          else
            local newest = list[1]
            for _, sid in ipairs(list) do
              if before(newest, sid) then newest = sid end
            end
            local ms, seq = string.match(newest, '^(%d+)-(%d+)$')
            minid = ms .. '-' .. (tonumber(seq) + 1)
          end
          redis.call('XTRIM', stream, 'MINID', minid)
          for _, sid in ipairs(list) do
            if not before(sid, minid) then redis.call('XDEL', stream, sid) end
          end
        end
        return done
        """;

    /// <summary>
    /// KEYS: 1 hash, 2 stream, 3 leases, 4 delayed, 5 levels. ARGV: 1 token, 2 group, 3 id, 4 base, 5 priority,
    /// 6 due unix ms, 7 error JSON.
    /// </summary>
    public const string Retry = Prelude + """
        local sid = leased(KEYS[1], ARGV[1])
        if not sid then return 0 end
        redis.call('XACK', KEYS[2], ARGV[2], sid)
        redis.call('XDEL', KEYS[2], sid)
        redis.call('ZREM', KEYS[3], ARGV[3] .. '|' .. ARGV[1])
        adderror(KEYS[1], ARGV[7])
        redis.call('HINCRBY', KEYS[1], 'a', 1)
        local due = tonumber(ARGV[6])
        if due > nowms() then
          redis.call('ZADD', KEYS[4], due, ARGV[3])
          redis.call('HSET', KEYS[1], 's', 'd')
          redis.call('HDEL', KEYS[1], 'lt', 'c', 'sid')
        else
          ready(ARGV[4], ARGV[2], KEYS[5], KEYS[1], ARGV[3], ARGV[5])
        end
        return 1
        """;

    /// <summary>KEYS: 1 hash, 2 stream, 3 leases, 4 dead-letter stream. ARGV: 1 token, 2 group, 3 id, 4 error JSON.</summary>
    public const string DeadLetter = Prelude + """
        local sid = leased(KEYS[1], ARGV[1])
        if not sid then return 0 end
        redis.call('XACK', KEYS[2], ARGV[2], sid)
        redis.call('XDEL', KEYS[2], sid)
        redis.call('ZREM', KEYS[3], ARGV[3] .. '|' .. ARGV[1])
        adderror(KEYS[1], ARGV[4])
        local de = redis.call('XADD', KEYS[4], '*', 'i', ARGV[3])
        redis.call('HSET', KEYS[1], 's', 'x', 'de', de, 'da', nowms())
        redis.call('HDEL', KEYS[1], 'lt', 'c', 'sid')
        return 1
        """;

    /// <summary>
    /// KEYS: 1 hash, 2 leases. ARGV: 1 token, 2 id. The entry stays pending; its lease is made expired at once and
    /// marked released, so the next lease of its level takes it back first (it keeps its place) without counting an attempt.
    /// </summary>
    public const string Release = Prelude + """
        if not leased(KEYS[1], ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'rel', '1', 'lt', '')
        redis.call('ZREM', KEYS[2], ARGV[2] .. '|' .. ARGV[1])
        redis.call('ZADD', KEYS[2], 0, ARGV[2] .. '|')
        return 1
        """;

    /// <summary>KEYS: 1 hash, 2 dead-letter stream, 3 levels. ARGV: 1 base, 2 group, 3 id. Returns 1 re-driven, 0 no such dead letter.</summary>
    public const string Redrive = Prelude + """
        if redis.call('HGET', KEYS[1], 's') ~= 'x' then return 0 end
        redis.call('XDEL', KEYS[2], redis.call('HGET', KEYS[1], 'de'))
        local ec = tonumber(redis.call('HGET', KEYS[1], 'ec')) or 0
        for i = 1, ec do redis.call('HDEL', KEYS[1], 'e' .. i) end
        redis.call('HSET', KEYS[1], 'a', 1, 'ec', 0)
        redis.call('HDEL', KEYS[1], 'de', 'da')
        ready(ARGV[1], ARGV[2], KEYS[3], KEYS[1], ARGV[3], redis.call('HGET', KEYS[1], 'pr'))
        return 1
        """;

    /// <summary>KEYS: 1 dead-letter stream. ARGV: 1 base, 2 limit. Returns a list of {id, {fields}, {errors…}, dead-lettered ms}.</summary>
    public const string ListDead = """
        local out = {}
        for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', tonumber(ARGV[2]))) do
          local id = e[2][2]
          local h = ARGV[1] .. 't:' .. id
          local f = redis.call('HMGET', h, 'p', 'pr', 'ea', 'nb', 'ma', 'to', 'ik', 'tp', 'a', 'ec', 'da')
          if f[1] then
            local errs = {}
            for i = 1, (tonumber(f[10]) or 0) do errs[i] = redis.call('HGET', h, 'e' .. i) or '' end
            local da = f[11]
            f[10] = nil
            f[11] = nil
            out[#out + 1] = {id, f, errs, da}
          end
        end
        return out
        """;

    /// <summary>
    /// KEYS: 1 levels, 2 delayed, 3 dead-letter stream. ARGV: 1 base, 2 group. Returns {ready, leased, delayed, dead,
    /// oldest ready since (unix ms) or -1}. Expired and released leases count as ready, due delayed tasks too.
    /// </summary>
    public const string Stats = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ready, leased, oldest = 0, 0, -1
        local function older(ms)
          if ms and (oldest < 0 or ms < oldest) then oldest = ms end
        end
        for _, pr in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
          local stream = ARGV[1] .. 's:' .. pr
          local leases = ARGV[1] .. 'l:' .. pr
          local len = redis.call('XLEN', stream)
          local all = redis.call('ZCARD', leases)
          local live = redis.call('ZCOUNT', leases, '(' .. now, '+inf')
          leased = leased + live
          ready = ready + len - live
          local exp = redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1)
          if exp[2] then older(tonumber(exp[2])) end
          local last = nil
          for _, g in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
            local name, ld = nil, nil
            for i = 1, #g, 2 do
              if g[i] == 'name' then name = g[i + 1] elseif g[i] == 'last-delivered-id' then ld = g[i + 1] end
            end
            if name == ARGV[2] then last = ld end
          end
          if last and len > all then
            local first = redis.call('XRANGE', stream, '(' .. last, '+', 'COUNT', 1)
            if first[1] then older(tonumber(string.match(first[1][1], '^(%d+)'))) end
          end
        end
        local dueNow = redis.call('ZCOUNT', KEYS[2], '-inf', now)
        ready = ready + dueNow
        if dueNow > 0 then older(tonumber(redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')[2])) end
        local delayed = redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')
        local oldestAge = -1
        if oldest >= 0 then oldestAge = math.max(0, now - oldest) end
        return {ready, leased, delayed, redis.call('XLEN', KEYS[3]), oldestAge}
        """;
}
