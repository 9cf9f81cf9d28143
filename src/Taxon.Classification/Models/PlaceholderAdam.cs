namespace Taxon.Classification.Models;

/// <summary>
/// Stand-in for <c>Taxon.Optim.Adam</c> until that optimiser is merged: the same update as PyTorch's Adam
/// (bias-corrected moments, ε after the bias correction, L2 weight decay added to the gradient).
/// </summary>
internal sealed class PlaceholderAdam
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Eps = 1e-8f;
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;
    private readonly float _lr;
    private readonly float _weightDecay;
    private int _step;

    public PlaceholderAdam(IEnumerable<Tensor> parameters, double learningRate, double weightDecay)
    {
        _parameters = [.. parameters];
        _m = Array.ConvertAll(_parameters, p => p.ZerosLike());
        _v = Array.ConvertAll(_parameters, p => p.ZerosLike());
        _lr = (float)learningRate;
        _weightDecay = (float)weightDecay;
    }

    public void ZeroGrad()
    {
        foreach (Tensor p in _parameters)
        {
            p.Grad = null;
        }
    }

    public void Step()
    {
        _step++;
        float bc1 = 1 - MathF.Pow(Beta1, _step), bc2 = MathF.Sqrt(1 - MathF.Pow(Beta2, _step));
        using (Autograd.NoGrad())
        {
            for (int i = 0; i < _parameters.Length; i++)
            {
                Tensor p = _parameters[i];
                if (p.Grad is not { } g)
                {
                    continue;
                }
                if (_weightDecay != 0)
                {
                    g = g.Add(p.Mul(_weightDecay));
                }
                _m[i].Mul_(Beta1).Add_(g, 1 - Beta1);
                _v[i].Mul_(Beta2).Add_(g.Square(), 1 - Beta2);
                Tensor denom = _v[i].Sqrt().Div_(bc2).Add_(Eps);
                p.Add_(_m[i].Div(denom), -_lr / bc1);
            }
        }
    }
}
