using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Taxon.Tuning.Tests;

/// <summary>
/// A real redis-server (Debian's package) on a free loopback port with its own temp directory, stopped and the
/// directory removed on dispose. Without persistence (<c>--save ""</c>) unless asked: a persistent one keeps its
/// data in an append-only file across <see cref="Restart"/>.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly bool _persistent;
    private Process? _process;

    private RedisServer(bool persistent)
    {
        _persistent = persistent;
        Directory = Path.Combine(Path.GetTempPath(), "taxon-redis-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Port = FreePort();
    }

    /// <summary>The redis-server on the PATH, or null when it is not installed.</summary>
    public static string? Executable { get; } = FindExecutable();

    public int Port { get; }

    public string Directory { get; }

    public string Url => $"redis://127.0.0.1:{Port}/0";

    public static RedisServer Start(bool persistent = false)
    {
        var server = new RedisServer(persistent);
        server.Launch();
        return server;
    }

    /// <summary>Shuts the server down (saving its append-only file when persistent), waits <paramref name="downtime"/>, and starts it again on the same port and directory.</summary>
    public void Restart(TimeSpan downtime)
    {
        Stop();
        Thread.Sleep(downtime);
        Launch();
    }

    /// <summary>Sends one command in Redis's inline form and returns the first line of the reply.</summary>
    public string Command(string command)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, Port);
        using var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes(command + "\r\n"));
        var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadLine() ?? "";
    }

    public void Dispose()
    {
        Stop();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp eventually.
        }
    }

    private void Launch()
    {
        var info = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("redis-server is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (string a in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Directory,
            "--save", "", "--appendonly", _persistent ? "yes" : "no", "--appendfsync", "always", "--daemonize", "no", "--logfile", "redis.log"])
        {
            info.ArgumentList.Add(a);
        }
        _process = Process.Start(info)!;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (Command("PING") == "+PONG")
                {
                    return;
                }
            }
            catch (SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
            {
            }
            catch (IOException) when (watch.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
            {
            }
            if (_process.HasExited || watch.Elapsed >= TimeSpan.FromSeconds(10))
            {
                string log = File.Exists(Path.Combine(Directory, "redis.log")) ? File.ReadAllText(Path.Combine(Directory, "redis.log")) : "";
                throw new InvalidOperationException($"redis-server did not start on port {Port}: {log}");
            }
            Thread.Sleep(20);
        }
    }

    private void Stop()
    {
        if (_process is null)
        {
            return;
        }
        try
        {
            // SHUTDOWN closes the connection without a reply; the server writes its append-only file first.
            Command("SHUTDOWN");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
        }
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        _process = null;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin")
            .Select(d => Path.Combine(d, "redis-server"))
            .FirstOrDefault(File.Exists);
}
