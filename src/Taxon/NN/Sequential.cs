namespace Taxon.NN;

/// <summary>Modules applied in order, named "0", "1", ... as in PyTorch (PyTorch: <c>torch.nn.Sequential</c>).</summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> _layers = [];

    /// <summary>Creates the sequence from its layers.</summary>
    public Sequential(params Module<Tensor, Tensor>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Module<Tensor, Tensor>> Layers => _layers;

    /// <summary>Appends a layer (PyTorch: <c>append</c>).</summary>
    public Sequential Add(Module<Tensor, Tensor> layer)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (var layer in _layers)
        {
            x = layer.Forward(x);
        }
        return x;
    }
}
