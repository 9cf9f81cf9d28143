using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Taxon.Classification.Models;

namespace Taxon.Cli;

/// <summary>
/// Live progress of training on stderr: one bar per epoch with the running loss, then the validation scores. Shown
/// only when stderr is a terminal, so logs and pipes get no control sequences.
/// </summary>
internal sealed class TrainingProgressDisplay : IProgress<TrainingProgress>
{
    // Redrawing text every mini-batch would cost more than the batch; the bar itself is cheap to move.
    private static readonly long DescriptionInterval = Stopwatch.Frequency / 5;

    private readonly ProgressContext _context;
    private ProgressTask? _task;
    private int _epoch;
    private long _lastDescription;

    private TrainingProgressDisplay(ProgressContext context) => _context = context;

    /// <summary>Whether a display makes sense: stderr is a terminal and the caller did not ask for JSON only.</summary>
    public static bool Wanted(bool json) => !json && !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/> with a display when <paramref name="show"/>, else with no progress sink.</summary>
    public static T Run<T>(bool show, Func<IProgress<TrainingProgress>?, T> work)
    {
        if (!show)
        {
            return work(null);
        }
        // Spectre judges interactivity by stdout, which may well be a pipe collecting the JSON line while stderr is the
        // terminal; the caller has already checked stderr, so interactivity is asserted rather than detected.
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Interactive = InteractionSupport.Yes,
        });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context => work(new TrainingProgressDisplay(context)));
    }

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        if (value.Epoch != _epoch || _task is null)
        {
            _task?.StopTask();
            _epoch = value.Epoch;
            _task = _context.AddTask(Describe(value), maxValue: value.Batches);
        }
        _task.Value = value.Batch;
        long now = Stopwatch.GetTimestamp();
        if (value.EpochCompleted || now - _lastDescription >= DescriptionInterval)
        {
            _lastDescription = now;
            _task.Description = Describe(value);
        }
        if (value.EpochCompleted)
        {
            _task.StopTask();
        }
    }

    private static string Describe(TrainingProgress p)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:F4}");
        if (p.ValidationLoss is double vl && p.ValidationAccuracy is double va)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  val loss {vl:F4}  val acc {va:P2}");
        }
        return Markup.Escape(text);
    }
}
