namespace Taxon.Tuning.Tests;

/// <summary>A test that needs a real redis-server: skipped, saying so, when Debian's redis-server is not installed.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Executable is null)
        {
            Skip = "redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)";
        }
    }
}
