using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Taxon.Tuning.Storages;

/// <summary>
/// A journal in Redis, in the key layout of Optuna 3.1's <c>JournalRedisStorage</c> (<c>JournalRedisBackend</c>
/// from Optuna 4): <c>log_number</c> holds the index of the last operation (-1 or missing when empty) and
/// <c>log:N</c> operation N, as JSON text, so Optuna can open a Taxon study and the reverse. Appends run as one Lua
/// script: it checks that the log still ends where this process last read (compare-and-append), stores the
/// operation, advances <c>log_number</c>, and remembers the append's client-generated id for a day under
/// <c>taxon:append:ID</c>. A retry after a lost reply sends the same id, and the script answers "already
/// appended" instead of appending twice. While Redis is unreachable every call retries with exponential backoff
/// up to <see cref="JournalRedisOptions.RetryTimeout"/>, then throws <see cref="RedisStorageUnavailableException"/>.
/// </summary>
public sealed class JournalRedisBackend : IJournalBackend, IDisposable
{
    private const int ReadBatch = 512;

    // Lua shared by both scripts: appends to reply the entries from index `from` to `last`, at most `batch` of them.
    private const string AddEntries = """
        local function add_entries(reply, from, last, batch, prefix)
          local to = math.min(last, from + batch - 1)
          if to >= from then
            local keys = {}
            for i = from, to do keys[#keys + 1] = prefix .. i end
            local values = redis.call('MGET', unpack(keys))
            for i = 1, #values do reply[#reply + 1] = values[i] end
          end
          return reply
        end

        """;

    // KEYS[1] log_number, KEYS[2] the append id. ARGV[1] the expected entry count, ARGV[2] the operation, ARGV[3] the
    // log key prefix, ARGV[4] seconds to remember the id, ARGV[5] at most how many missed entries to return. Returns
    // {1} appended, {2} appended by an earlier try, or on a conflict {0, last index, the entries from ARGV[1] on}: the
    // loser learns what it missed in the same round trip.
    private const string AppendScript = AddEntries + """
        if redis.call('EXISTS', KEYS[2]) == 1 then return {2} end
        local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
        local from = tonumber(ARGV[1])
        if last + 1 ~= from then
          return add_entries({0, last}, from, last, tonumber(ARGV[5]), ARGV[3])
        end
        last = last + 1
        redis.call('SET', ARGV[3] .. last, ARGV[2])
        redis.call('SET', KEYS[1], last)
        redis.call('SET', KEYS[2], last, 'EX', tonumber(ARGV[4]))
        return {1}
        """;

    // KEYS[1] log_number. ARGV[1] the first index to read, ARGV[2] at most how many, ARGV[3] the log key prefix.
    // Returns the last index followed by the entries: one round trip whether or not anything is new.
    private const string ReadScript = AddEntries + """
        local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
        return add_entries({last}, tonumber(ARGV[1]), last, tonumber(ARGV[2]), ARGV[3])
        """;

    private static readonly TimeSpan AppendIdLifetime = TimeSpan.FromDays(1);

    private readonly JournalRedisOptions _options;
    private readonly ConnectionMultiplexer _connection;
    private readonly string _logNumberKey;
    private readonly string _logKeyPrefix;
    private readonly string _appendIdPrefix;

    /// <summary>Connects to the server <paramref name="options"/> names; a server that is down now is retried on first use.</summary>
    public JournalRedisBackend(JournalRedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        string prefix = options.Prefix.Length > 0 ? options.Prefix + ":" : "";
        _logNumberKey = prefix + "log_number";
        _logKeyPrefix = prefix + "log:";
        _appendIdPrefix = prefix + "taxon:append:";
        Name = string.Create(CultureInfo.InvariantCulture, $"redis://{(options.Host.Contains(':', StringComparison.Ordinal) ? "[" + options.Host + "]" : options.Host)}:{options.Port}/{options.Database}");
        var config = new ConfigurationOptions
        {
            EndPoints = { { options.Host, options.Port } },
            DefaultDatabase = options.Database,
            User = options.User,
            Password = options.Password,
            // Keep reconnecting in the background instead of failing when the server is down (or restarting) now.
            AbortOnConnectFail = false,
            ConnectTimeout = 2000,
            SyncTimeout = 5000,
            // Fail commands at once while disconnected rather than queueing them: our own loop retries with backoff,
            // so no command sits in a client queue to be sent after its caller has given up.
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new LinearRetry(250),
            ClientName = "taxon-tuning",
            // Replies are read on the .NET thread pool rather than on a dedicated pool of ten threads: a worker makes
            // one call at a time, and each reply then wakes one thread fewer (a round trip took 65-86 µs instead of
            // 120-150 µs on the development machine).
            SocketManager = SocketManager.ThreadPool,
        };
        _connection = ConnectionMultiplexer.Connect(config);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string DescribeLocation(long number) => $"{Name} {_logKeyPrefix}{number.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public long Read(long position, List<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var db = _connection.GetDatabase();
        RedisKey[] keys = [_logNumberKey];
        while (true)
        {
            var reply = (RedisResult[])Retry(() => db.ScriptEvaluate(ReadScript, keys, [position, ReadBatch, _logKeyPrefix]), "read the log")!;
            if (!TakeEntries(reply, 0, ref position, entries))
            {
                return position;
            }
        }
    }

    /// <inheritdoc />
    public bool TryAppend(long position, ReadOnlyMemory<byte> operation, List<JournalEntry> missed, out long next)
    {
        ArgumentNullException.ThrowIfNull(missed);
        var db = _connection.GetDatabase();
        RedisKey[] keys = [_logNumberKey, _appendIdPrefix + Guid.NewGuid().ToString("N")];
        RedisValue[] args = [position, operation, _logKeyPrefix, (long)AppendIdLifetime.TotalSeconds, ReadBatch];
        var reply = (RedisResult[])Retry(() => db.ScriptEvaluate(AppendScript, keys, args), "append to the log")!;
        if ((long)reply[0] != 0)
        {
            next = position + 1;
            return true;
        }
        next = position;
        // More than a batch behind: read the rest, so the caller decides again on the whole log as after a Read.
        if (TakeEntries(reply, 1, ref next, missed))
        {
            next = Read(next, missed);
        }
        return false;
    }

    /// <summary>
    /// Takes the entries of a script reply (<c>reply[first]</c> the log's last index, then the entries from
    /// <paramref name="position"/> on) and advances <paramref name="position"/> past them. Returns whether the log
    /// holds more than the reply carried.
    /// </summary>
    private bool TakeEntries(RedisResult[] reply, int first, ref long position, List<JournalEntry> entries)
    {
        long count = (long)reply[first] + 1;
        if (count < position)
        {
            throw new InvalidDataException($"{Name}: the journal holds {count} operations but this process has already read {position}; the server lost data (restarted without persistence, or flushed). Enable appendonly or RDB saves on a server that holds studies.");
        }
        for (int i = first + 1; i < reply.Length; i++)
        {
            if (reply[i].IsNull)
            {
                // An Optuna 3.1 writer advances log_number and then sets the entry in two commands: stop before the gap
                // and read it on the next call, as Optuna's reader waits for it.
                return false;
            }
            entries.Add(new JournalEntry((byte[])reply[i]!, position));
            position++;
        }
        return position < count;
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _connection.Dispose();

    private T Retry<T>(Func<T> command, string what)
    {
        var watch = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return command();
            }
            catch (Exception e) when (IsTransient(e))
            {
                if (watch.Elapsed + delay > _options.RetryTimeout)
                {
                    throw new RedisStorageUnavailableException(
                        $"Could not {what} at {Name}: Redis has not answered for {watch.Elapsed.TotalSeconds:0.0} s (retry limit {_options.RetryTimeout.TotalSeconds:0} s): {e.Message}", e);
                }
                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    // A server that is down, restarting or still loading its data answers later; any other error is the caller's.
    private static bool IsTransient(Exception e) =>
        e is RedisConnectionException or RedisTimeoutException
        || (e is RedisServerException s && (s.Message.StartsWith("LOADING", StringComparison.Ordinal) || s.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal) || s.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal)));
}
