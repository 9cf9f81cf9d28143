namespace Taxon.NN;

/// <summary>
/// Layer normalisation over the trailing dimensions (PyTorch: <c>torch.nn.LayerNorm</c>, Ba et al. 2016): each sample is
/// normalised by the mean and biased variance of its last <see cref="NormalizedShape"/> elements, the same in training and
/// evaluation. With elementwise affine, a weight (ones) and bias (zeros) of shape <see cref="NormalizedShape"/>.
/// </summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    private readonly int[] _normalizedShape;

    /// <summary>Creates the layer (PyTorch: <c>LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True)</c>).</summary>
    public LayerNorm(int[] normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
        {
            throw new ArgumentException($"LayerNorm: normalizedShape must be non-empty with positive sizes, got {ShapeMath.Format(normalizedShape)}.", nameof(normalizedShape));
        }
        if (!(eps >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "LayerNorm: eps must be non-negative.");
        }
        _normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        ElementwiseAffine = elementwiseAffine;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(_normalizedShape));
            Bias = RegisterParameter("bias", Tensor.Zeros(_normalizedShape));
        }
    }

    /// <summary>Creates the layer over the last dimension of size <paramref name="normalizedShape"/> (PyTorch: <c>LayerNorm(int)</c>).</summary>
    public LayerNorm(int normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true)
        : this([normalizedShape], eps, elementwiseAffine)
    {
    }

    /// <summary>The trailing dimensions normalised together (PyTorch: <c>normalized_shape</c>).</summary>
    public IReadOnlyList<int> NormalizedShape => _normalizedShape;

    /// <summary>Added to the variance before the square root (PyTorch: <c>eps</c>).</summary>
    public float Eps { get; }

    /// <summary>Whether the layer has a learnable weight and bias (PyTorch: <c>elementwise_affine</c>).</summary>
    public bool ElementwiseAffine { get; }

    /// <summary>The scale, of shape <see cref="NormalizedShape"/>, or null (PyTorch: <c>weight</c>).</summary>
    public Tensor? Weight { get; }

    /// <summary>The shift, of shape <see cref="NormalizedShape"/>, or null (PyTorch: <c>bias</c>).</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.LayerNorm(input, _normalizedShape, Weight, Bias, Eps);

    /// <inheritdoc />
    protected override string ExtraRepr() =>
        $"{PythonRepr.Tuple(_normalizedShape)}, eps={PythonRepr.Float(Eps)}, elementwise_affine={Py(ElementwiseAffine)}";
}
