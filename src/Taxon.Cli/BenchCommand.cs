using System.CommandLine;

namespace Taxon.Cli;

/// <summary>The <c>taxon bench</c> group: kernel micro-benchmarks and training workloads, one subcommand each.</summary>
internal static class BenchCommand
{
    /// <summary>Builds <c>bench</c> with its subcommands.</summary>
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks: kernels (gemm) and training workloads (mlp, cnn) the multi-label check (yeast) and the TPE sampler (tpe).");
        bench.Subcommands.Add(BenchGemm.CreateCommand());
        bench.Subcommands.Add(BenchTraining.CreateCommand("mlp"));
        bench.Subcommands.Add(BenchTraining.CreateCommand("cnn"));
        bench.Subcommands.Add(BenchYeast.CreateCommand());
        bench.Subcommands.Add(BenchTpe.CreateCommand());
        bench.Subcommands.Add(BenchText.CreateCommand());
        return bench;
    }
}
