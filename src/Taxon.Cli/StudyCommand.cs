using System.CommandLine;
using Taxon.Tuning;
using Taxon.Tuning.Storages;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon study show --storage URL --study NAME</c>: a study's trials (Optuna: <c>study.trials_dataframe()</c>),
/// as a summary table, or with <c>--json</c> one line <c>{"trials":[{"number":..,"state":..,"value":..,"params":{..}},..]}</c>.
/// </summary>
internal static class StudyCommand
{
    public static Command Create()
    {
        var storage = new Option<string>("--storage") { Description = "Where the study lives: journal:PATH or redis://HOST:PORT[/DB].", Required = true };
        var name = new Option<string?>("--study") { Description = "The study's name; may be left out when the storage holds one study." };
        var json = new Option<bool>("--json") { Description = "Print one JSON line instead of the table." };
        var show = new Command("show", "Show a study's trials: number, state, value, parameters.");
        foreach (Option o in new Option[] { storage, name, json })
        {
            show.Options.Add(o);
        }
        show.SetAction(parseResult => EvaluationOutput.Guard("study show", () =>
            Show(parseResult.GetValue(storage)!, parseResult.GetValue(name), parseResult.GetValue(json))));
        var study = new Command("study", "Inspect tuning studies.");
        study.Subcommands.Add(show);
        return study;
    }

    private static int Show(string url, string? name, bool json)
    {
        if (url == "memory")
        {
            throw new ArgumentException("--storage memory: an in-memory study ends with its process; give journal:PATH.");
        }
        if (url.StartsWith("journal:", StringComparison.Ordinal) && !File.Exists(url["journal:".Length..]))
        {
            throw new FileNotFoundException($"--storage {url}: no such journal file.");
        }
        IStudyStorage storage = StudyStorageUrl.Open(url);
        using var closeStorage = storage as IDisposable;
        IReadOnlyList<string> names = storage.GetStudyNames();
        name ??= names.Count == 1 ? names[0] : throw new ArgumentException(names.Count == 0
            ? $"--storage {url}: holds no study."
            : $"--study: the storage holds {names.Count} studies ({string.Join(", ", names)}); name one.");
        if (storage.FindStudy(name) is null)
        {
            throw new ArgumentException($"--study {name}: not in {url} (it holds {string.Join(", ", names)}).");
        }
        Study study = Study.Load(name, storage);
        if (!json)
        {
            Console.WriteLine(study.FormatSummary(int.MaxValue));
            return 0;
        }
        JsonLine.Write(w =>
        {
            w.WriteString("study", study.Name);
            w.WriteString("direction", study.Direction == StudyDirection.Minimize ? "minimize" : "maximize");
            w.WriteStartArray("trials");
            foreach (FrozenTrial t in study.Trials)
            {
                w.WriteStartObject();
                w.WriteNumber("number", t.Number);
                w.WriteString("state", t.State.ToString().ToLowerInvariant());
                if (t.Value is double v && double.IsFinite(v))
                {
                    w.WriteNumber("value", v);
                }
                else
                {
                    w.WriteNull("value");
                }
                w.WriteStartObject("params");
                TuneCommand.WriteParams(w, t.Params);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        return 0;
    }
}
