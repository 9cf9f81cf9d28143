using System.CommandLine;
using System.CommandLine.Help;

namespace Taxon.Cli;

/// <summary>Entry point of the <c>taxon</c> command-line tool; each subcommand lives in its own <c>*Command</c> class.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        // A plain Command rather than RootCommand, whose name would be the assembly's (Taxon.Cli), not the tool's.
        var root = new Command("taxon", "Taxon: classification for .NET — linear models, naive Bayes, k-NN, networks, multi-class and multi-label — on its own PyTorch-style engine, in pure C#.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(TuneCommand.Create());
        root.Subcommands.Add(StudyCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root.Parse(args).Invoke();
    }
}
