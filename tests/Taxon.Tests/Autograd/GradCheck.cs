using System.Globalization;
using System.Text;

namespace Taxon.Tests.Autograd;

/// <summary>Tolerances and step of a <see cref="GradCheck"/>.</summary>
public sealed record GradCheckOptions
{
    /// <summary>
    /// The central-difference step h, applied to float32 inputs; the checker also evaluates at x ± 2h, so inputs must
    /// stay more than 2h away from kinks.
    /// </summary>
    public double Eps { get; init; } = 1e-2;

    /// <summary>
    /// Absolute tolerance between numeric and analytic gradient. The five-point stencil makes the truncation error
    /// O(h^4), so what remains is float32 rounding of the outputs divided by h: about 1e-5 to 1e-4 for the small
    /// tensors of these tests; 2e-3 leaves a margin while still catching a 1% error in a derivative.
    /// </summary>
    public double Atol { get; init; } = 2e-3;

    /// <summary>Relative tolerance (relative to the numeric gradient).</summary>
    public double Rtol { get; init; } = 2e-3;

    /// <summary>Seed of the random projection r.</summary>
    public ulong Seed { get; init; } = 12345;

    /// <summary>The defaults.</summary>
    public static GradCheckOptions Default { get; } = new();
}

/// <summary>
/// A finite-difference gradient checker for float32 ops (PyTorch: <c>torch.autograd.gradcheck</c>, with
/// tolerances suited to float32). For a scalar projection <c>L(x) = sum(f(x) * r)</c> with a fixed random
/// <c>r</c>, it compares the analytic gradient from <c>f(x).Backward(r)</c> with the numeric one: central differences
/// <c>D(h) = (L(x + h e_j) - L(x - h e_j)) / (x_j+ - x_j-)</c> at h = eps and 2 eps, combined by Richardson
/// extrapolation <c>(4 D(eps) - D(2 eps)) / 3</c>. L is accumulated in double from the float32 outputs and each
/// step is the one actually representable in float32.
/// </summary>
/// <remarks>
/// The inputs passed in are leaves whose data and <see cref="Tensor.RequiresGrad"/> flags describe the check;
/// they are never modified: every evaluation builds fresh leaves. The op receives those leaves and may apply
/// views to them (a transpose, a strided slice) to test non-contiguous inputs; gradients are checked on the
/// leaves. Keep inputs further than 2 <see cref="GradCheckOptions.Eps"/> from kinks (relu at 0, ties in max).
/// </remarks>
public static class GradCheck
{
    /// <summary>Checks the gradient of a single-output op with the default options.</summary>
    public static void Check(Func<Tensor[], Tensor> op, params Tensor[] inputs) =>
        Check(xs => [op(xs)], GradCheckOptions.Default, inputs);

    /// <summary>Checks the gradient of a single-output op.</summary>
    public static void Check(Func<Tensor[], Tensor> op, GradCheckOptions options, params Tensor[] inputs) =>
        Check(xs => [op(xs)], options, inputs);

    /// <summary>Checks the gradient of a multi-output op; L sums the projections of all outputs.</summary>
    public static void Check(Func<Tensor[], Tensor[]> op, GradCheckOptions options, params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);

        int n = inputs.Length;
        var data = new float[n][];
        var shapes = new int[n][];
        var requires = new bool[n];
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            data[i] = inputs[i].ToArray();
            shapes[i] = inputs[i].Shape.ToArray();
            requires[i] = inputs[i].RequiresGrad;
            any |= requires[i];
        }
        if (!any)
        {
            throw new ArgumentException("GradCheck: no input requires grad.");
        }

        // Analytic gradients: one forward with leaves that require grad, Backward(r) per output.
        Tensor[] leaves = MakeLeaves(data, shapes, requires);
        Tensor[] outputs = op(leaves);
        var gen = new Generator(options.Seed);
        var projections = new float[outputs.Length][];
        for (int k = 0; k < outputs.Length; k++)
        {
            projections[k] = new float[outputs[k].NumElements];
            for (int j = 0; j < projections[k].Length; j++)
            {
                projections[k][j] = gen.NextNormal();
            }
        }
        for (int k = 0; k < outputs.Length; k++)
        {
            Tensor y = outputs[k];
            if (!y.RequiresGrad)
            {
                throw new Xunit.Sdk.XunitException($"GradCheck: output {k} does not require grad (no graph was recorded).");
            }
            Tensor r = MakeTensor(projections[k], y.Shape.ToArray());
            y.Backward(r, retainGraph: k + 1 < outputs.Length);
        }

        var report = new StringBuilder();
        int failures = 0;
        for (int i = 0; i < n; i++)
        {
            if (!requires[i])
            {
                continue;
            }
            Tensor grad = leaves[i].Grad ?? throw new Xunit.Sdk.XunitException($"GradCheck: input {i} received no gradient.");
            if (!grad.Shape.SequenceEqual(shapes[i]))
            {
                throw new Xunit.Sdk.XunitException(
                    $"GradCheck: input {i} has shape {Format(shapes[i])} but its gradient has shape {Format(grad.Shape)}.");
            }
            float[] analytic = grad.ToArray();

            // Numeric gradients, element by element.
            float[] x = data[i];
            for (int j = 0; j < x.Length; j++)
            {
                float original = x[j];
                double d1 = CentralDifference(op, data, shapes, projections, x, j, options.Eps);
                double d2 = CentralDifference(op, data, shapes, projections, x, j, 2 * options.Eps);
                x[j] = original;
                // Richardson extrapolation of the two central differences (the five-point stencil):
                // the O(eps^2) truncation terms cancel, leaving O(eps^4).
                double numeric = (4 * d1 - d2) / 3;
                double a = analytic[j];
                double err = Math.Abs(a - numeric);
                if (!(err <= options.Atol + options.Rtol * Math.Abs(numeric)))
                {
                    if (failures < 10)
                    {
                        report.Append(CultureInfo.InvariantCulture,
                            $"\n  input {i} {Format(shapes[i])} element {j} (x = {original:G6}): analytic {a:G6}, numeric {numeric:G6}");
                    }
                    failures++;
                }
            }
        }
        if (failures > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"GradCheck: {failures} gradient element(s) differ (eps {options.Eps}, atol {options.Atol}, rtol {options.Rtol}):{report}");
        }
    }

    /// <summary>(L(x + h e_j) - L(x - h e_j)) / (the float32 step actually taken); restores nothing.</summary>
    private static double CentralDifference(
        Func<Tensor[], Tensor[]> op, float[][] data, int[][] shapes, float[][] projections, float[] x, int j, double h)
    {
        float original = x[j];
        float plus = (float)(original + h);
        float minus = (float)(original - h);
        x[j] = plus;
        double lPlus = Evaluate(op, data, shapes, projections);
        x[j] = minus;
        double lMinus = Evaluate(op, data, shapes, projections);
        x[j] = original;
        return (lPlus - lMinus) / ((double)plus - minus);
    }

    /// <summary>A float tensor of the given shape; 0-d when <paramref name="shape"/> is empty.</summary>
    public static Tensor MakeTensor(float[] data, int[] shape) =>
        shape.Length == 0 ? Tensor.Scalar(data[0]) : Tensor.FromArray((float[])data.Clone(), shape);

    /// <summary>A leaf with standard-normal values times <paramref name="scale"/>.</summary>
    public static Tensor Randn(Generator g, int[] shape, float scale = 1f, bool requiresGrad = true)
    {
        ArgumentNullException.ThrowIfNull(g);
        var data = new float[Count(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = g.NextNormal() * scale;
        }
        return Leaf(data, shape, requiresGrad);
    }

    /// <summary>A leaf with values uniform in [lo, hi).</summary>
    public static Tensor Uniform(Generator g, int[] shape, float lo, float hi, bool requiresGrad = true)
    {
        ArgumentNullException.ThrowIfNull(g);
        var data = new float[Count(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = lo + (hi - lo) * g.NextFloat();
        }
        return Leaf(data, shape, requiresGrad);
    }

    /// <summary>
    /// A leaf with standard-normal-like values kept at least <paramref name="margin"/> away from every point in
    /// <paramref name="kinks"/> (so that central differences never straddle a kink).
    /// </summary>
    public static Tensor RandnAway(Generator g, int[] shape, float[] kinks, float margin = 0.05f, float scale = 1f)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(kinks);
        var data = new float[Count(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            float v;
            bool ok;
            do
            {
                v = g.NextNormal() * scale;
                ok = true;
                foreach (float k in kinks)
                {
                    ok &= Math.Abs(v - k) >= margin;
                }
            }
            while (!ok);
            data[i] = v;
        }
        return Leaf(data, shape, requiresGrad: true);
    }

    /// <summary>
    /// Leaves whose values, all together, are distinct multiples of <paramref name="spacing"/> in random order,
    /// centred on 0: no two elements (within or across tensors) are closer than the spacing, so max/min/maximum
    /// have no near-ties.
    /// </summary>
    public static Tensor[] Distinct(Generator g, float spacing, params int[][] shapes)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(shapes);
        int total = 0;
        foreach (int[] s in shapes)
        {
            total += Count(s);
        }
        var values = new float[total];
        for (int i = 0; i < total; i++)
        {
            values[i] = (i - total / 2) * spacing;
        }
        for (int i = total - 1; i > 0; i--)
        {
            int j = g.NextInt(0, i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
        var result = new Tensor[shapes.Length];
        int at = 0;
        for (int t = 0; t < shapes.Length; t++)
        {
            int c = Count(shapes[t]);
            result[t] = Leaf(values.AsSpan(at, c).ToArray(), shapes[t], requiresGrad: true);
            at += c;
        }
        return result;
    }

    /// <summary>A random shape of the given rank with sizes in [1, maxSize].</summary>
    public static int[] RandomShape(Generator g, int rank, int maxSize = 4)
    {
        ArgumentNullException.ThrowIfNull(g);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = g.NextInt(1, maxSize + 1);
        }
        return shape;
    }

    /// <summary>
    /// A shape that broadcasts to <paramref name="shape"/>: some leading dims dropped and some dims set to 1
    /// (at random).
    /// </summary>
    public static int[] BroadcastableShape(Generator g, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(shape);
        int drop = g.NextInt(0, shape.Length);
        var result = new int[shape.Length - drop];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = g.NextInt(0, 2) == 0 ? 1 : shape[drop + i];
        }
        return result;
    }

    /// <summary>A leaf with the given values.</summary>
    public static Tensor Leaf(float[] data, int[] shape, bool requiresGrad = true)
    {
        Tensor t = MakeTensor(data, shape);
        t.RequiresGrad = requiresGrad;
        return t;
    }

    private static int Count(int[] shape)
    {
        int n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }
        return n;
    }

    private static Tensor[] MakeLeaves(float[][] data, int[][] shapes, bool[]? requires)
    {
        var leaves = new Tensor[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            leaves[i] = MakeTensor(data[i], shapes[i]);
            if (requires is not null)
            {
                leaves[i].RequiresGrad = requires[i];
            }
        }
        return leaves;
    }

    private static double Evaluate(Func<Tensor[], Tensor[]> op, float[][] data, int[][] shapes, float[][] projections)
    {
        using (global::Taxon.Autograd.NoGrad())
        {
            Tensor[] outputs = op(MakeLeaves(data, shapes, null));
            double sum = 0;
            for (int k = 0; k < outputs.Length; k++)
            {
                float[] y = outputs[k].ToArray();
                float[] r = projections[k];
                for (int j = 0; j < y.Length; j++)
                {
                    sum += (double)y[j] * r[j];
                }
            }
            return sum;
        }
    }

    private static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
