using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Taxon.Tuning.Tests;

/// <summary>
/// A Taxon.Tuning.Worker process (copied next to the test assembly by its project reference), with its output
/// lines collected as they come so a test can wait for "started N" and kill it mid-trial.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _errors = new();

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>The trial numbers this worker reported finished, with their states.</summary>
    public IReadOnlyList<(int Number, string State)> Finished =>
        [.. Lines.Where(l => l.StartsWith("finished ", StringComparison.Ordinal)).Select(l => l.Split(' ')).Select(p => (int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), p[2]))];

    public static WorkerProcess Start(string storage, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Taxon.Tuning.Worker.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The worker program is not next to the tests: {dll}");
        }
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--storage");
        info.ArgumentList.Add(storage);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        var process = new Process { StartInfo = info };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                worker._lines.Enqueue(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (worker._errors)
                {
                    worker._errors.AppendLine(line);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the worker printed a line starting with <paramref name="prefix"/>; returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }
            if (_process.HasExited && _lines.All(l => !l.StartsWith(prefix, StringComparison.Ordinal)))
            {
                await Task.Delay(50);
                if (_lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } last)
                {
                    return last;
                }
                throw new InvalidOperationException($"The worker exited ({_process.ExitCode}) before printing '{prefix}'. Output: {string.Join(" | ", _lines)}; errors: {Errors}");
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"The worker printed no '{prefix}' within {timeout.TotalSeconds} s. Output: {string.Join(" | ", _lines)}; errors: {Errors}");
    }

    /// <summary>Waits for the worker to exit and returns its exit code; kills it and throws after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The worker did not finish within {timeout.TotalSeconds} s. Output: {string.Join(" | ", _lines.TakeLast(10))}; errors: {Errors}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the worker at once: on Unix, SIGKILL, so it runs no cleanup, as a crashed machine would.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
