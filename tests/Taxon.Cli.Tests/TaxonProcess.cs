using System.Diagnostics;
using System.Text;

namespace Taxon.Cli.Tests;

/// <summary>
/// Runs the <c>taxon</c> command line as a child process. In-process calls would not do: the commands write their
/// JSON line to the raw stdout stream (not <see cref="Console.Out"/>), print through Spectre.Console and set
/// process-wide thread counts.
/// </summary>
public static class TaxonProcess
{
    /// <summary>Long enough for the slowest command here on two busy cores; a hung command must not hang the suite.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The CLI assembly, copied next to the test assembly by the project reference.</summary>
    private static string CliAssembly => Path.Combine(AppContext.BaseDirectory, "Taxon.Cli.dll");

    /// <summary>
    /// The <c>dotnet</c> host: the one running the tests (the test host is itself started as <c>dotnet testhost.dll</c>),
    /// else the SDK's, else whichever is on the PATH.
    /// </summary>
    private static string DotnetHost
    {
        get
        {
            string? current = Environment.ProcessPath;
            if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
            {
                return current;
            }
            return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } sdkHost ? sdkHost : "dotnet";
        }
    }

    /// <summary>Runs <c>taxon <paramref name="arguments"/></c> to its end and returns what it printed.</summary>
    public static CommandResult Run(params string[] arguments) => RunWithInput(null, arguments);

    /// <summary>Runs <c>taxon <paramref name="arguments"/></c> with <paramref name="input"/> on its standard input (null: none) and returns what it printed.</summary>
    public static CommandResult RunWithInput(string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // The CLI turns quick JIT off (its project file says why: steadier kernels in long training runs), which costs
        // ~100 ms of start-up a command. The short commands here are mostly start-up (the suite took twice as long),
        // so they take it back; tiering changes when methods are optimised, not what they compute.
        start.Environment["DOTNET_TC_QuickJit"] = "1";
        start.ArgumentList.Add(CliAssembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {DotnetHost} {CliAssembly}");
        // Both streams are drained at once: a child that fills the pipe of the one nobody reads would block forever.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"taxon {string.Join(' ', arguments)}: still running after {Timeout.TotalSeconds} s; killed.");
        }
        return new CommandResult(arguments, process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
