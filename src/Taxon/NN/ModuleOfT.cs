namespace Taxon.NN;

/// <summary>A module with a forward function from <typeparamref name="TInput"/> to <typeparamref name="TOutput"/> (PyTorch: <c>forward</c>).</summary>
public abstract class Module<TInput, TOutput> : Module
{
    /// <summary>Computes the module's output (PyTorch: <c>forward</c>, called as <c>module(x)</c>).</summary>
    public abstract TOutput Forward(TInput input);
}
