namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>A tensor holding a copy of <paramref name="data"/> in the given shape; 1-D when no shape is given (PyTorch: <c>torch.tensor(data).reshape(shape)</c>).</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromSpan(data, shape);
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/> in the given shape; 1-D when no shape is given.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> data, params int[] shape)
    {
        int[] s = shape.Length == 0 ? [data.Length] : ShapeMath.Validate(shape, "FromArray");
        int n = ShapeMath.NumElements(s);
        if (n != data.Length)
        {
            throw new ArgumentException($"FromArray: shape {ShapeMath.Format(s)} needs {n} elements but {data.Length} were given.");
        }
        return new Tensor(data.ToArray(), s);
    }

    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor FromArray(float[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int rows = data.GetLength(0), cols = data.GetLength(1);
        var flat = new float[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                flat[i * cols + j] = data[i, j];
            }
        }
        return new Tensor(flat, [rows, cols]);
    }

    /// <summary>A 0-dimensional tensor holding one value (PyTorch: <c>torch.tensor(value)</c>).</summary>
    public static Tensor Scalar(float value) => new([value], []);

    /// <summary>A tensor of zeros (PyTorch: <c>torch.zeros</c>).</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[ShapeMath.NumElements(ShapeMath.Validate(shape, "Zeros"))], (int[])shape.Clone());

    /// <summary>A tensor of ones (PyTorch: <c>torch.ones</c>).</summary>
    public static Tensor Ones(params int[] shape) => Full(shape, 1f);

    /// <summary>A tensor filled with <paramref name="value"/> (PyTorch: <c>torch.full</c>).</summary>
    public static Tensor Full(int[] shape, float value)
    {
        Tensor t = Empty(ShapeMath.Validate(shape, "Full"));
        Backend.Fill(t.ContiguousSpan, value);
        return t;
    }

    /// <summary>Zeros in this tensor's shape (PyTorch: <c>torch.zeros_like</c>).</summary>
    public Tensor ZerosLike() => Zeros(_shape);

    /// <summary>Ones in this tensor's shape (PyTorch: <c>torch.ones_like</c>).</summary>
    public Tensor OnesLike() => Full(_shape, 1f);

    /// <summary>The identity matrix of size n (PyTorch: <c>torch.eye</c>).</summary>
    public static Tensor Eye(int n)
    {
        Tensor t = Zeros(n, n);
        for (int i = 0; i < n; i++)
        {
            t.Storage.Data[i * n + i] = 1f;
        }
        return t;
    }

    /// <summary>0, 1, ..., end − 1 (PyTorch: <c>torch.arange(end)</c>).</summary>
    public static Tensor Arange(float end) => Arange(0, end, 1);

    /// <summary>start, start + step, ... up to but excluding end (PyTorch: <c>torch.arange(start, end, step)</c>).</summary>
    public static Tensor Arange(float start, float end, float step = 1)
    {
        if (step == 0 || float.IsNaN(step) || float.IsNaN(start) || float.IsNaN(end))
        {
            throw new ArgumentException($"Arange: step must be nonzero and bounds finite (start {start}, end {end}, step {step}).");
        }
        if ((step > 0 && end < start) || (step < 0 && end > start))
        {
            throw new ArgumentException($"Arange: the range [{start}, {end}) is empty or inconsistent with step {step}.");
        }
        int n = (int)Math.Ceiling(((double)end - start) / step);
        var data = new float[n];
        for (int i = 0; i < n; i++)
        {
            data[i] = (float)(start + (double)i * step);
        }
        return new Tensor(data, [n]);
    }

    /// <summary>Uniform samples in [0, 1) (PyTorch: <c>torch.rand</c>), from <paramref name="generator"/> or <see cref="Generator.Default"/>.</summary>
    public static Tensor Rand(int[] shape, Generator? generator = null) => Sample(shape, generator, "Rand", g => g.NextFloat());

    /// <summary>Standard normal samples (PyTorch: <c>torch.randn</c>).</summary>
    public static Tensor Randn(int[] shape, Generator? generator = null) => Sample(shape, generator, "Randn", g => g.NextNormal());

    /// <summary>Uniform integers in [low, high) stored as float32 (PyTorch: <c>torch.randint</c>).</summary>
    public static Tensor RandInt(int low, int high, int[] shape, Generator? generator = null) =>
        Sample(shape, generator, "RandInt", g => g.NextInt(low, high));

    /// <summary>Uniform samples in [low, high) (PyTorch: <c>torch.empty(shape).uniform_(low, high)</c>).</summary>
    public static Tensor Uniform(int[] shape, float low, float high, Generator? generator = null) =>
        Sample(shape, generator, "Uniform", g => low + (high - low) * g.NextFloat());

    /// <summary>Normal samples with the given mean and standard deviation (PyTorch: <c>torch.normal</c>).</summary>
    public static Tensor Normal(int[] shape, float mean, float std, Generator? generator = null) =>
        Sample(shape, generator, "Normal", g => mean + std * g.NextNormal());

    private static Tensor Sample(int[] shape, Generator? generator, string op, Func<Generator, float> draw)
    {
        Generator g = generator ?? Generator.Default;
        Tensor t = Empty(ShapeMath.Validate(shape, op));
        Span<float> s = t.ContiguousSpan;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = draw(g);
        }
        return t;
    }
}
