using System.CommandLine;

namespace Taxon.Cli;

/// <summary>The <c>taxon bench</c> group: kernel micro-benchmarks, one subcommand each.</summary>
internal static class BenchCommand
{
    /// <summary>Builds <c>bench</c> with its subcommands.</summary>
    public static Command Create()
    {
        var bench = new Command("bench", "Micro-benchmarks of Taxon kernels.");
        bench.Subcommands.Add(BenchGemm.CreateCommand());
        return bench;
    }
}
