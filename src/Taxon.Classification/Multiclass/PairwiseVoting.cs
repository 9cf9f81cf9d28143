namespace Taxon.Classification.Multiclass;

/// <summary>
/// Turns the k(k−1)/2 pairwise predictions of a one-vs-one model into one score per class (scikit-learn:
/// <c>sklearn.multiclass._ovr_decision_function</c>): the votes, plus the summed pairwise confidences squashed
/// into (−1/3, 1/3) so they break ties between equal vote counts without ever overturning a vote.
/// </summary>
internal static class PairwiseVoting
{
    /// <summary>
    /// <paramref name="predictions"/>[p] is 1 when pair p = (i, j), i &lt; j in lexicographic order, chose j, else 0;
    /// <paramref name="confidences"/>[p] is its decision value (positive favours j). Writes k scores.
    /// </summary>
    public static void Scores(ReadOnlySpan<int> predictions, ReadOnlySpan<double> confidences, Span<double> scores)
    {
        int k = scores.Length;
        Span<double> confidence = k <= 64 ? stackalloc double[k] : new double[k];
        confidence.Clear();
        scores.Clear();
        int pair = 0;
        for (int i = 0; i < k; i++)
        {
            for (int j = i + 1; j < k; j++, pair++)
            {
                confidence[i] -= confidences[pair];
                confidence[j] += confidences[pair];
                scores[predictions[pair] == 1 ? j : i] += 1;
            }
        }
        for (int c = 0; c < k; c++)
        {
            scores[c] += confidence[c] / (3 * (Math.Abs(confidence[c]) + 1));
        }
    }
}
