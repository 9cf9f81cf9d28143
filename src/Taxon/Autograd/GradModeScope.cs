namespace Taxon;

/// <summary>Restores the previous grad mode when disposed; returned by <see cref="Autograd.NoGrad"/> and <see cref="Autograd.EnableGrad"/>.</summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool _previous;

    internal GradModeScope(bool enabled)
    {
        _previous = Autograd.IsGradEnabled;
        Autograd.IsGradEnabled = enabled;
    }

    /// <summary>Restores the grad mode that was in force when the scope was opened.</summary>
    public void Dispose() => Autograd.IsGradEnabled = _previous;
}
