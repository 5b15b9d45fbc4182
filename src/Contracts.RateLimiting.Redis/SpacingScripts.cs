namespace Contracts.RateLimiting.Redis;

/// <summary>
/// The two Lua scripts behind a shared budget. Every time is read from Redis's own clock
/// (<c>TIME</c>) inside the script, so processes whose clocks disagree still space correctly, and
/// each script runs atomically, so two processes can never take the same turn.
/// </summary>
/// <remarks>
/// The budget is one hash: <c>free_at</c> (when the next turn may start), and while a turn is out,
/// <c>holder</c> (who has it) and <c>held_until</c> (when it counts as given back if its holder
/// vanished). Times are microseconds since the epoch, written with <c>%.0f</c> because Lua's
/// default number format keeps only 14 digits.
/// </remarks>
internal static class SpacingScripts
{
    /// <summary>
    /// Takes the turn if it is free. KEYS[1]: the budget; ARGV[1]: the interval (µs); ARGV[2]: the
    /// longest a turn may be held (µs); ARGV[3]: the asker's token. Answers <c>{1, 0, 0}</c> when
    /// granted, else <c>{0, µs to wait, 1 if another turn is out}</c>.
    /// </summary>
    public const string TakeTurn = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local interval = tonumber(ARGV[1])
        local state = redis.call('HMGET', KEYS[1], 'free_at', 'holder', 'held_until')
        local free_at = tonumber(state[1]) or 0
        if state[2] then
          local held_until = tonumber(state[3]) or 0
          if now < held_until then
            return {0, held_until - now, 1}
          end
          -- Its holder vanished without giving it back: count it as given back when it expired.
          free_at = math.max(free_at, held_until + interval)
        end
        if now < free_at then
          return {0, free_at - now, 0}
        end
        local hold_for = tonumber(ARGV[2])
        redis.call('HSET', KEYS[1], 'free_at', string.format('%.0f', now + interval), 'holder', ARGV[3], 'held_until', string.format('%.0f', now + hold_for))
        redis.call('PEXPIRE', KEYS[1], math.ceil((interval + hold_for) / 1000) + 1000)
        return {1, 0, 0}
        """;

    /// <summary>
    /// Gives the turn back: the next may start the interval after now (the request it covered has
    /// been answered, so the server has seen it). KEYS[1]: the budget; ARGV[1]: the interval (µs);
    /// ARGV[2]: the holder's token. Answers 1, or 0 when the token no longer holds the turn.
    /// </summary>
    public const string GiveBack = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local state = redis.call('HMGET', KEYS[1], 'free_at', 'holder')
        if state[2] ~= ARGV[2] then
          return 0
        end
        local free_at = math.max(tonumber(state[1]) or 0, now + tonumber(ARGV[1]))
        redis.call('HSET', KEYS[1], 'free_at', string.format('%.0f', free_at))
        redis.call('HDEL', KEYS[1], 'holder', 'held_until')
        redis.call('PEXPIRE', KEYS[1], math.ceil((free_at - now) / 1000) + 1000)
        return 1
        """;
}
