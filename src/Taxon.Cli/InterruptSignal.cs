using System.Runtime.InteropServices;

namespace Taxon.Cli;

/// <summary>
/// Turns Ctrl+C and SIGTERM into a cancellation, so training stops at its next check (exit code 130) instead of the
/// process being killed mid-save or leaving the terminal's cursor hidden by the progress display.
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public InterruptSignal()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _source.Cancel();
    }
}
