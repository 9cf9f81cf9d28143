using System.Globalization;

namespace Taxon.Classification.Models;

/// <summary>
/// How class labels are ordered, which fixes the columns of probabilities and decision values: numerically when
/// every label is an integer (as scikit-learn orders integer labels, so "2" comes before "10"), otherwise by
/// ordinal string comparison (as NumPy's <c>unique</c> orders strings).
/// </summary>
public static class LabelOrder
{
    /// <summary>The distinct labels, in this order.</summary>
    public static string[] Distinct(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string label in labels)
        {
            set.Add(label);
        }
        string[] distinct = [.. set];
        Sort(distinct);
        return distinct;
    }

    /// <summary>Sorts labels in place, in this order.</summary>
    public static void Sort(string[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var numbers = new long[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (!long.TryParse(labels[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i])
                || numbers[i].ToString(CultureInfo.InvariantCulture) != labels[i])
            {
                Array.Sort(labels, StringComparer.Ordinal);
                return;
            }
        }
        Array.Sort(numbers, labels);
    }

    /// <summary>The distinct labels in this order and each sample's index among them (scikit-learn: <c>LabelEncoder().fit_transform</c>).</summary>
    public static (string[] Classes, int[] Indices) Encode(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        string[] classes = Distinct(labels);
        var index = new Dictionary<string, int>(classes.Length, StringComparer.Ordinal);
        for (int j = 0; j < classes.Length; j++)
        {
            index[classes[j]] = j;
        }
        var y = new int[labels.Count];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = index[labels[i]];
        }
        return (classes, y);
    }
}
