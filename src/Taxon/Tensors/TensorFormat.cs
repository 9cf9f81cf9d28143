using System.Globalization;
using System.Text;

namespace Taxon;

/// <summary>Prints tensors the way PyTorch does: 4 decimals, integer-valued tensors as <c>1.</c>, scientific notation for wide ranges, summarised beyond 1000 elements.</summary>
internal static class TensorFormat
{
    private const int Threshold = 1000;
    private const int EdgeItems = 3;

    public static string Format(Tensor t)
    {
        float[] data = t.ToArray();
        int[] shape = t.Shape.ToArray();
        var sb = new StringBuilder("tensor(");
        bool summarize = data.Length > Threshold;
        Func<float, string> format = Formatter(data, shape, summarize);
        if (shape.Length == 0)
        {
            sb.Append(format(data[0]).Trim());
        }
        else if (data.Length == 0)
        {
            sb.Append("[]");
        }
        else
        {
            int width = 0;
            ForEachShown(shape, summarize, i => width = Math.Max(width, format(data[i]).Length));
            AppendNested(sb, shape, 0, 0, 7, (b, i) => b.Append(format(data[i]).PadLeft(width)), summarize);
        }
        if (data.Length == 0 && shape.Length != 1)
        {
            sb.Append(", size=(").Append(string.Join(", ", shape)).Append(shape.Length == 1 ? ",)" : ")");
        }
        if (t.GradFn is { } fn)
        {
            sb.Append(", grad_fn=<").Append(fn.Name).Append('>');
        }
        else if (t.RequiresGrad)
        {
            sb.Append(", requires_grad=True");
        }
        return sb.Append(')').ToString();
    }

    /// <summary>Appends nested brackets for a row-major shape, one element through <paramref name="element"/>.</summary>
    public static void AppendNested(StringBuilder sb, int[] shape, int dim, int offset, int indent, Action<StringBuilder, int> element, bool summarize = false)
    {
        sb.Append('[');
        int size = shape[dim];
        int stride = 1;
        for (int i = dim + 1; i < shape.Length; i++)
        {
            stride *= shape[i];
        }
        bool skip = summarize && size > 2 * EdgeItems;
        for (int i = 0; i < size; i++)
        {
            if (skip && i == EdgeItems)
            {
                sb.Append(dim == shape.Length - 1 ? "..., " : "...,\n" + new string(' ', indent + dim + 1));
                i = size - EdgeItems;
            }
            if (dim == shape.Length - 1)
            {
                element(sb, offset + i);
                if (i < size - 1)
                {
                    sb.Append(", ");
                }
            }
            else
            {
                AppendNested(sb, shape, dim + 1, offset + i * stride, indent, element, summarize);
                if (i < size - 1)
                {
                    sb.Append(',').Append('\n', shape.Length - dim - 1).Append(' ', indent + dim + 1);
                }
            }
        }
        sb.Append(']');
    }

    private static void ForEachShown(int[] shape, bool summarize, Action<int> visit)
    {
        int n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }
        if (!summarize)
        {
            for (int i = 0; i < n; i++)
            {
                visit(i);
            }
            return;
        }
        var sb = new StringBuilder();
        AppendNested(sb, shape, 0, 0, 0, (_, i) => visit(i), true);
    }

    private static Func<float, string> Formatter(float[] data, int[] shape, bool summarize)
    {
        bool integral = true;
        double maxAbs = 0, minAbs = double.PositiveInfinity;
        ForEachShown(shape.Length == 0 ? [1] : shape, summarize && shape.Length > 0, i =>
        {
            float v = data[i];
            if (!float.IsFinite(v))
            {
                return;
            }
            integral &= v == MathF.Round(v);
            double a = Math.Abs(v);
            maxAbs = Math.Max(maxAbs, a);
            if (a > 0)
            {
                minAbs = Math.Min(minAbs, a);
            }
        });
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (integral)
        {
            return maxAbs > 1e8
                ? v => Special(v) ?? v.ToString("0.0000e+00", inv)
                : v => Special(v) ?? ((double)v).ToString("0", inv) + ".";
        }
        bool scientific = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs > 0) || (maxAbs / minAbs > 1000 && minAbs < double.PositiveInfinity);
        return scientific
            ? v => Special(v) ?? v.ToString("0.0000e+00", inv)
            : v => Special(v) ?? v.ToString("0.0000", inv);
    }

    private static string? Special(float v) =>
        float.IsNaN(v) ? "nan" : float.IsPositiveInfinity(v) ? "inf" : float.IsNegativeInfinity(v) ? "-inf" : null;
}
