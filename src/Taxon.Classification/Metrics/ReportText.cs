using System.Globalization;
using System.Text;

namespace Taxon.Classification.Metrics;

/// <summary>The text layout of scikit-learn's <c>classification_report</c>, shared by the single- and multi-label reports.</summary>
internal static class ReportText
{
    private const string LongestHeading = "weighted avg";

    public static string Build(IReadOnlyList<string> names, IReadOnlyList<double> precision, IReadOnlyList<double> recall,
        IReadOnlyList<double> f1, IReadOnlyList<long> support, IReadOnlyList<(string Heading, double Precision, double Recall, double F1)> averages,
        int digits, bool supportAsFloat = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        int nameWidth = 0;
        foreach (string name in names)
        {
            nameWidth = Math.Max(nameWidth, name.Length);
        }
        int width = Math.Max(Math.Max(nameWidth, LongestHeading.Length), digits);
        var text = new StringBuilder();
        text.Append(' ', width).Append(' ');
        foreach (string header in (string[])["precision", "recall", "f1-score", "support"])
        {
            text.Append(' ').Append(header.PadLeft(9));
        }
        text.Append("\n\n");
        long totalSupport = 0;
        for (int i = 0; i < names.Count; i++)
        {
            Row(text, names[i], precision[i], recall[i], f1[i], support[i], width, digits, supportAsFloat);
            totalSupport += support[i];
        }
        text.Append('\n');
        foreach (var (heading, p, r, f) in averages)
        {
            if (heading == "accuracy")
            {
                text.Append(heading.PadLeft(width)).Append(' ');
                text.Append(' ').Append(string.Empty.PadLeft(9)).Append(' ').Append(string.Empty.PadLeft(9));
                text.Append(' ').Append(Fixed(f, digits).PadLeft(9));
                text.Append(' ').Append(Count(totalSupport, supportAsFloat).PadLeft(9)).Append('\n');
            }
            else
            {
                Row(text, heading, p, r, f, totalSupport, width, digits, supportAsFloat);
            }
        }
        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, double p, double r, double f, long support, int width, int digits, bool supportAsFloat)
    {
        text.Append(name.PadLeft(width)).Append(' ');
        text.Append(' ').Append(Fixed(p, digits).PadLeft(9));
        text.Append(' ').Append(Fixed(r, digits).PadLeft(9));
        text.Append(' ').Append(Fixed(f, digits).PadLeft(9));
        text.Append(' ').Append(Count(support, supportAsFloat).PadLeft(9)).Append('\n');
    }

    // scikit-learn 1.2 computes supports as floats when no sample is predicted right, and then prints "5.0".
    private static string Count(long count, bool asFloat) =>
        count.ToString(CultureInfo.InvariantCulture) + (asFloat ? ".0" : string.Empty);

    /// <summary>
    /// <paramref name="value"/> with <paramref name="digits"/> decimals as Python's <c>format(v, '.Nf')</c> writes it:
    /// correctly rounded, and an exact tie goes to the even digit, where .NET rounds it away from zero.
    /// </summary>
    public static string Fixed(double value, int digits)
    {
        // A double is exactly halfway between two N-decimal numbers only when value * 2^(N+1) is an odd integer
        // (k / (2 * 10^N) is a double only if 5^N divides k); then it has at most N + 1 decimals, which decimal holds exactly
        // for the small values here.
        double scaled = Math.ScaleB(value, digits + 1);
        if (digits <= 8 && Math.Abs(value) < 1e6 && scaled == Math.Floor(scaled) && Math.Abs(scaled % 2) == 1)
        {
            decimal exact = (decimal)value;
            return decimal.Round(exact, digits, MidpointRounding.ToEven).ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        return value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
