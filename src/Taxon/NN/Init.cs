namespace Taxon.NN;

/// <summary>
/// Weight initialisation (PyTorch: <c>torch.nn.init</c>), in place and outside the graph. Xavier/Glorot (Glorot &amp;
/// Bengio 2010) keeps activation and gradient variance equal across layers for tanh-like units; Kaiming/He (He et al.
/// 2015) does so for ReLU-like units; too large or too small a scale makes a deep network's gradients explode or vanish.
/// Every function takes an optional seeded <see cref="Generator"/> (default: <see cref="Generator.Default"/>).
/// </summary>
public static class Init
{
    /// <summary>The recommended gain for a nonlinearity (PyTorch: <c>calculate_gain</c>); <paramref name="param"/> is leaky ReLU's slope (default 0.01).</summary>
    public static float CalculateGain(Nonlinearity nonlinearity, float? param = null) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Sigmoid => 1f,
        Nonlinearity.Tanh => 5f / 3f,
        Nonlinearity.Relu => MathF.Sqrt(2f),
        Nonlinearity.LeakyRelu => MathF.Sqrt(2f / (1f + (param ?? 0.01f) * (param ?? 0.01f))),
        Nonlinearity.Selu => 0.75f,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Unknown nonlinearity."),
    };

    /// <summary>Fan in (input features × receptive field) and fan out of a weight of rank ≥ 2 (PyTorch: <c>_calculate_fan_in_and_fan_out</c>).</summary>
    public static (int FanIn, int FanOut) CalculateFanInAndFanOut(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Dim < 2)
        {
            throw new ArgumentException($"Fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (shape {ShapeMath.Format(tensor.Shape)}).");
        }
        int receptive = 1;
        for (int i = 2; i < tensor.Dim; i++)
        {
            receptive *= tensor.Shape[i];
        }
        return (tensor.Shape[1] * receptive, tensor.Shape[0] * receptive);
    }

    /// <summary>Fills with U(low, high) (PyTorch: <c>uniform_</c>).</summary>
    public static Tensor Uniform_(Tensor tensor, float low = 0f, float high = 1f, Generator? generator = null) =>
        Fill(tensor, Tensor.Uniform(tensor.Shape.ToArray(), low, high, generator));

    /// <summary>Fills with N(mean, std²) (PyTorch: <c>normal_</c>).</summary>
    public static Tensor Normal_(Tensor tensor, float mean = 0f, float std = 1f, Generator? generator = null) =>
        Fill(tensor, Tensor.Normal(tensor.Shape.ToArray(), mean, std, generator));

    /// <summary>Fills with a constant (PyTorch: <c>constant_</c>).</summary>
    public static Tensor Constant_(Tensor tensor, float value) => Fill(tensor, Tensor.Full(tensor.Shape.ToArray(), value));

    /// <summary>Fills with zeros (PyTorch: <c>zeros_</c>).</summary>
    public static Tensor Zeros_(Tensor tensor) => Constant_(tensor, 0f);

    /// <summary>Fills with ones (PyTorch: <c>ones_</c>).</summary>
    public static Tensor Ones_(Tensor tensor) => Constant_(tensor, 1f);

    /// <summary>Xavier/Glorot uniform: U(−a, a), a = gain·√(6/(fan_in + fan_out)) (PyTorch: <c>xavier_uniform_</c>).</summary>
    public static Tensor XavierUniform_(Tensor tensor, float gain = 1f, Generator? generator = null)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        float std = gain * MathF.Sqrt(2f / (fanIn + fanOut));
        float a = MathF.Sqrt(3f) * std;
        return Uniform_(tensor, -a, a, generator);
    }

    /// <summary>Xavier/Glorot normal: N(0, std²), std = gain·√(2/(fan_in + fan_out)) (PyTorch: <c>xavier_normal_</c>).</summary>
    public static Tensor XavierNormal_(Tensor tensor, float gain = 1f, Generator? generator = null)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        return Normal_(tensor, 0f, gain * MathF.Sqrt(2f / (fanIn + fanOut)), generator);
    }

    /// <summary>
    /// Kaiming/He uniform: U(−b, b), b = gain·√(3/fan) with gain from <paramref name="nonlinearity"/> and slope
    /// <paramref name="a"/> (PyTorch: <c>kaiming_uniform_</c>, defaults a=0, fan_in, leaky_relu).
    /// </summary>
    public static Tensor KaimingUniform_(Tensor tensor, float a = 0f, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null)
    {
        float std = KaimingStd(tensor, a, mode, nonlinearity);
        float bound = MathF.Sqrt(3f) * std;
        return Uniform_(tensor, -bound, bound, generator);
    }

    /// <summary>Kaiming/He normal: N(0, std²), std = gain/√fan (PyTorch: <c>kaiming_normal_</c>).</summary>
    public static Tensor KaimingNormal_(Tensor tensor, float a = 0f, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null) =>
        Normal_(tensor, 0f, KaimingStd(tensor, a, mode, nonlinearity), generator);

    /// <summary>
    /// A (semi-)orthogonal matrix scaled by <paramref name="gain"/>, from the QR decomposition of a Gaussian matrix with
    /// R's diagonal made positive (Saxe et al. 2013; PyTorch: <c>orthogonal_</c>). Dimensions past the first are flattened.
    /// </summary>
    public static Tensor Orthogonal_(Tensor tensor, float gain = 1f, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Dim < 2)
        {
            throw new ArgumentException($"Orthogonal_: only tensors with 2 or more dimensions are supported (shape {ShapeMath.Format(tensor.Shape)}).");
        }
        int rows = tensor.Shape[0], cols = tensor.NumElements / Math.Max(rows, 1);
        if (tensor.NumElements == 0)
        {
            return tensor;
        }
        Generator g = generator ?? Generator.Default;
        bool transpose = rows < cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols; // m ≥ n: Q is m×n with orthonormal columns
        var a = new double[m, n];
        for (int i = 0; i < (transpose ? n : m); i++)
        {
            for (int j = 0; j < (transpose ? m : n); j++)
            {
                double v = g.NextNormal();
                if (transpose)
                {
                    a[j, i] = v;
                }
                else
                {
                    a[i, j] = v;
                }
            }
        }
        double[,] q = OrthonormalColumns(a, m, n);
        var values = new float[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                values[i * cols + j] = gain * (float)(transpose ? q[j, i] : q[i, j]);
            }
        }
        return Fill(tensor, Tensor.FromArray(values, tensor.Shape.ToArray()));
    }

    /// <summary>Modified Gram–Schmidt in double: the Q of A = QR with R's diagonal positive (the sign fix PyTorch applies).</summary>
    private static double[,] OrthonormalColumns(double[,] a, int m, int n)
    {
        var q = (double[,])a.Clone();
        for (int j = 0; j < n; j++)
        {
            for (int pass = 0; pass < 2; pass++) // re-orthogonalise once: Gram–Schmidt loses orthogonality otherwise
            {
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < m; i++)
                    {
                        dot += q[i, k] * q[i, j];
                    }
                    for (int i = 0; i < m; i++)
                    {
                        q[i, j] -= dot * q[i, k];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++)
            {
                norm += q[i, j] * q[i, j];
            }
            norm = Math.Sqrt(norm);
            for (int i = 0; i < m; i++)
            {
                q[i, j] = norm > 0 ? q[i, j] / norm : 0;
            }
        }
        return q;
    }

    private static float KaimingStd(Tensor tensor, float a, FanMode mode, Nonlinearity nonlinearity)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        int fan = mode == FanMode.FanIn ? fanIn : fanOut;
        if (fan == 0)
        {
            throw new ArgumentException($"Kaiming initialisation of a tensor with zero elements (shape {ShapeMath.Format(tensor.Shape)}).");
        }
        return CalculateGain(nonlinearity, a) / MathF.Sqrt(fan);
    }

    private static Tensor Fill(Tensor tensor, Tensor values)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using (Autograd.NoGrad())
        {
            return tensor.Copy_(values);
        }
    }
}
