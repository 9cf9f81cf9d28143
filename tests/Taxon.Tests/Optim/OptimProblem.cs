using System.Text.Json;

namespace Taxon.Tests.Optim;

/// <summary>
/// The fixed training problem of the optimiser fixtures: parameters w [4, 3], b [4], v [5], z [2] and
/// loss = Σ(tanh(x wᵀ + b) − t)² + Σ(¼v⁴ − ½v²); z is not in the loss, so its gradient stays null.
/// </summary>
public sealed class OptimProblem
{
    /// <summary>The parameter names, in the fixture's order.</summary>
    public static readonly string[] Names = ["w", "b", "v", "z"];

    private readonly Tensor _x;
    private readonly Tensor _t;

    /// <summary>Fresh parameters at the fixture's initial values.</summary>
    public OptimProblem()
    {
        JsonElement problem = OptimFixtures.Root.GetProperty("problem");
        _x = OptimFixtures.Tensor(problem.GetProperty("x"));
        _t = OptimFixtures.Tensor(problem.GetProperty("t"));
        Parameters = Names.ToDictionary(n => n, n =>
        {
            Tensor p = OptimFixtures.Tensor(problem.GetProperty(n));
            p.RequiresGrad = true;
            return p;
        });
    }

    /// <summary>The parameters by name.</summary>
    public Dictionary<string, Tensor> Parameters { get; }

    /// <summary>All parameters in order.</summary>
    public Tensor[] All => Names.Select(n => Parameters[n]).ToArray();

    /// <summary>The loss at the current parameters, in the graph.</summary>
    public Tensor Loss()
    {
        Tensor w = Parameters["w"], b = Parameters["b"], v = Parameters["v"];
        Tensor y = _x.MatMul(w.Transpose(0, 1)).Add(b).Tanh();
        Tensor fit = y.Sub(_t).Square().Sum();
        Tensor well = v.Pow(4f).Mul(0.25f).Sub(v.Square().Mul(0.5f)).Sum();
        return fit.Add(well);
    }

    /// <summary>A fresh problem whose parameters are copies of this problem's current values.</summary>
    public OptimProblem Copy()
    {
        var copy = new OptimProblem();
        using (Taxon.Autograd.NoGrad())
        {
            foreach (string n in Names)
            {
                copy.Parameters[n].Copy_(Parameters[n]);
            }
        }
        return copy;
    }

    /// <summary>The parameters' values, concatenated.</summary>
    public float[] Values() => All.SelectMany(p => p.ToArray()).ToArray();

    /// <summary>One training step: clear the gradients, backpropagate the loss, step.</summary>
    public void TrainStep(Taxon.Optim.Optimizer optimizer)
    {
        optimizer.ZeroGrad();
        Loss().Backward();
        optimizer.Step();
    }
}
