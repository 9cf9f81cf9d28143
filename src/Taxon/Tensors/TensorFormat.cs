using System.Globalization;
using System.Text;

namespace Taxon;

/// <summary>
/// Prints tensors as PyTorch's <c>_tensor_str</c> does (default print options: precision 4, line width 80,
/// summarised above 1000 elements with 3 edge items): integer-valued floats as <c>1.</c>, scientific notation
/// when the finite non-zero magnitudes span more than 1000× or leave [1e-4, 1e8].
/// </summary>
internal static class TensorFormat
{
    private const int Threshold = 1000;
    private const int EdgeItems = 3;
    private const int LineWidth = 80;
    private const string Prefix = "tensor(";

    public static string Format(Tensor t)
    {
        float[] data = t.ToArray();
        int[] shape = t.Shape.ToArray();
        bool summarize = data.Length > Threshold;
        var (format, width) = FloatFormatter(data, shape, summarize);
        var sb = new StringBuilder(Prefix);
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
            AppendNested(sb, shape, 0, 0, Prefix.Length, summarize, width, i => format(data[i]));
        }
        if (data.Length == 0 && shape.Length != 1)
        {
            sb.Append(", size=(").Append(string.Join(", ", shape)).Append(')');
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

    /// <summary>Prints integer data (index tensors) the same way.</summary>
    public static string Format(ReadOnlySpan<int> values, int[] shape)
    {
        int[] data = values.ToArray();
        bool summarize = data.Length > Threshold;
        int width = 1;
        ForEachShown(shape, summarize, i => width = Math.Max(width, data[i].ToString(CultureInfo.InvariantCulture).Length));
        var sb = new StringBuilder(Prefix);
        if (shape.Length == 0)
        {
            sb.Append(data[0].ToString(CultureInfo.InvariantCulture));
        }
        else if (data.Length == 0)
        {
            sb.Append("[]");
        }
        else
        {
            AppendNested(sb, shape, 0, 0, Prefix.Length, summarize, width, i => data[i].ToString(CultureInfo.InvariantCulture).PadLeft(width));
        }
        return sb.Append(')').ToString();
    }

    private static void AppendNested(StringBuilder sb, int[] shape, int dim, int offset, int indent, bool summarize, int width, Func<int, string> element)
    {
        int size = shape[dim];
        int stride = 1;
        for (int i = dim + 1; i < shape.Length; i++)
        {
            stride *= shape[i];
        }
        bool skip = summarize && size > 2 * EdgeItems;
        if (dim == shape.Length - 1)
        {
            var items = new List<string>();
            for (int i = 0; i < size; i++)
            {
                if (skip && i == EdgeItems)
                {
                    items.Add(" ...");
                    i = size - EdgeItems;
                }
                items.Add(element(offset + i));
            }
            int perLine = Math.Max(1, (LineWidth - indent) / (width + 2));
            sb.Append('[');
            for (int i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(i % perLine == 0 ? ",\n" + new string(' ', indent + 1) : ", ");
                }
                sb.Append(items[i]);
            }
            sb.Append(']');
            return;
        }
        string separator = "," + new string('\n', shape.Length - dim - 1) + new string(' ', indent + 1);
        sb.Append('[');
        for (int i = 0; i < size; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }
            if (skip && i == EdgeItems)
            {
                sb.Append("...").Append(separator);
                i = size - EdgeItems;
            }
            AppendNested(sb, shape, dim + 1, offset + i * stride, indent + 1, summarize, width, element);
        }
        sb.Append(']');
    }

    /// <summary>Visits the flat indices that a (possibly summarised) print shows.</summary>
    private static void ForEachShown(int[] shape, bool summarize, Action<int> visit)
    {
        if (shape.Length == 0)
        {
            visit(0);
            return;
        }
        Visit(shape, 0, 0, summarize, visit);
    }

    private static void Visit(int[] shape, int dim, int offset, bool summarize, Action<int> visit)
    {
        int size = shape[dim];
        int stride = 1;
        for (int i = dim + 1; i < shape.Length; i++)
        {
            stride *= shape[i];
        }
        for (int i = 0; i < size; i++)
        {
            if (summarize && size > 2 * EdgeItems && i == EdgeItems)
            {
                i = size - EdgeItems;
            }
            if (dim == shape.Length - 1)
            {
                visit(offset + i);
            }
            else
            {
                Visit(shape, dim + 1, offset + i * stride, summarize, visit);
            }
        }
    }

    private static (Func<float, string> Format, int Width) FloatFormatter(float[] data, int[] shape, bool summarize)
    {
        var values = new List<double>();
        if (data.Length > 0)
        {
            ForEachShown(shape, summarize, i =>
            {
                if (float.IsFinite(data[i]) && data[i] != 0)
                {
                    values.Add(data[i]);
                }
            });
        }
        CultureInfo inv = CultureInfo.InvariantCulture;
        bool intMode = true, sciMode = false;
        int width = 1;
        if (values.Count > 0)
        {
            double min = double.PositiveInfinity, max = 0;
            foreach (double v in values)
            {
                min = Math.Min(min, Math.Abs(v));
                max = Math.Max(max, Math.Abs(v));
                intMode &= v == Math.Ceiling(v);
            }
            sciMode = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
            foreach (double v in values)
            {
                string s = sciMode ? Sci(v) : intMode ? v.ToString("F0", inv) + "." : v.ToString("F4", inv);
                width = Math.Max(width, s.Length);
            }
        }
        string FormatValue(float f)
        {
            double v = f;
            string s = double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf"
                : sciMode ? Sci(v) : intMode ? v.ToString("F0", inv) + "." : v.ToString("F4", inv);
            return s.PadLeft(width);
        }
        return (FormatValue, width);
    }

    /// <summary>Python's <c>'{:.4e}'</c>: four decimals and an exponent of at least two digits.</summary>
    private static string Sci(double v) => v.ToString("0.0000e+00", CultureInfo.InvariantCulture);
}
