using System.CommandLine;
using Taxon.Tuning.Benchmarks;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon bench tpe</c>: the hyperparameter-search issue's sampler check — minimise a test function (5-D
/// Rosenbrock on [-2, 2]^5 by default) with TPE for each seed and print one JSON line
/// <c>{"results":[{"seed":0,"best_at":{"50":..,"100":..,"200":..},"ms_per_trial":..},..],..}</c>; <c>bench/tpe/run.sh</c>
/// runs Optuna's TPE beside it.
/// </summary>
internal static class BenchTpe
{
    public static Command CreateCommand()
    {
        var function = new Option<string>("--function") { Description = "The function to minimise (rosenbrock).", DefaultValueFactory = _ => "rosenbrock" };
        function.AcceptOnlyFromAmong("rosenbrock");
        var dim = new Option<int>("--dim") { Description = "Dimensions.", DefaultValueFactory = _ => 5, CustomParser = r => OptionParsing.Int(r, "--dim") };
        var trials = new Option<int>("--trials") { Description = "Trials per study.", DefaultValueFactory = _ => 200, CustomParser = r => OptionParsing.Int(r, "--trials") };
        var seeds = new Option<int[]>("--seeds") { Description = "Comma-separated seeds, one study each.", DefaultValueFactory = _ => [0, 1, 2, 3, 4], CustomParser = r => OptionParsing.IntList(r, "--seeds", min: 0) };
        var sampler = new Option<string>("--sampler") { Description = "tpe, tpe-multivariate or random.", DefaultValueFactory = _ => "tpe" };
        sampler.AcceptOnlyFromAmong("tpe", "tpe-multivariate", "random");
        var noWarmup = new Option<bool>("--no-warmup") { Description = "Skip the throw-away studies that let tiered compilation optimise the code before timing." };
        var json = new Option<bool>("--json") { Description = "Print only the JSON line (it is the only output anyway)." };
        var command = new Command("tpe", "Minimise a test function with TPE over several seeds; report the best value at checkpoints and the sampler's milliseconds per trial.");
        foreach (Option o in new Option[] { function, dim, trials, seeds, sampler, noWarmup, json })
        {
            command.Options.Add(o);
        }
        command.SetAction(parseResult => EvaluationOutput.Guard("bench tpe", () =>
        {
            int n = parseResult.GetValue(trials);
            var options = new TpeBenchmarkOptions
            {
                Function = parseResult.GetValue(function)!,
                Dimensions = parseResult.GetValue(dim),
                Trials = n,
                Seeds = [.. parseResult.GetValue(seeds)!.Select(s => (long)s)],
                Sampler = parseResult.GetValue(sampler)!,
                Checkpoints = [.. new[] { 50, 100, 200 }.Where(c => c < n), n],
            };
            if (!parseResult.GetValue(noWarmup))
            {
                TpeBenchmark.Run(options with { Seeds = [99, 98, 97] });
            }
            Console.WriteLine(TpeBenchmark.ToJson(TpeBenchmark.Run(options), options));
            return 0;
        }));
        return command;
    }
}
