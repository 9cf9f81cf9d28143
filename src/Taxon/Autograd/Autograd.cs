namespace Taxon;

/// <summary>
/// Grad mode, per thread (PyTorch: <c>torch.no_grad()</c>, <c>torch.enable_grad()</c>,
/// <c>torch.is_grad_enabled()</c>). While it is off, operations record no graph.
/// </summary>
public static class Autograd
{
    [ThreadStatic]
    private static bool t_disabled;

    /// <summary>Whether operations on this thread record the graph that <see cref="Tensor.Backward"/> walks.</summary>
    public static bool IsGradEnabled
    {
        get => !t_disabled;
        set => t_disabled = !value;
    }

    /// <summary>Turns graph recording off until the returned scope is disposed: <c>using (Autograd.NoGrad()) { ... }</c>.</summary>
    public static GradModeScope NoGrad() => new(enabled: false);

    /// <summary>Turns graph recording on until the returned scope is disposed, also inside <see cref="NoGrad"/>.</summary>
    public static GradModeScope EnableGrad() => new(enabled: true);
}
