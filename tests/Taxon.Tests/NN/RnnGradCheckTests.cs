using Taxon.NN;
using Taxon.Tests.Autograd;

namespace Taxon.Tests.NN;

/// <summary>
/// Finite-difference checks of the hand-written backward through time of Functional.Rnn/Lstm/Gru (the modules' forward):
/// gradients w.r.t. the input, the initial states and every weight and bias, for one and two layers, both directions,
/// batch_first, non-contiguous inputs and variable lengths (including a sequence of length 0).
/// </summary>
public sealed class RnnGradCheckTests
{
    private const int InputSize = 3;
    private const int Hidden = 3;

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string kind in new[] { "rnn_tanh", "lstm", "gru" })
            {
                foreach (string variant in new[] { "1layer", "2layer_bi_h0", "bi_lengths_h0", "2layer_bi_batch_first_lengths_h0", "nobias_zero_length_h0", "transposed_input" })
                {
                    data.Add(kind, variant);
                }
            }
            data.Add("rnn_relu", "1layer");
            data.Add("rnn_relu", "bi_lengths_h0");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsMatchFiniteDifferences(string kind, string variant)
    {
        var g = new Generator(Seed($"{kind}/{variant}"));
        int layers = variant.Contains("2layer", StringComparison.Ordinal) ? 2 : 1;
        bool bi = variant.Contains("bi", StringComparison.Ordinal);
        bool batchFirst = variant.Contains("batch_first", StringComparison.Ordinal);
        bool bias = !variant.Contains("nobias", StringComparison.Ordinal);
        bool initial = variant.EndsWith("h0", StringComparison.Ordinal);
        bool transposed = variant == "transposed_input";
        int[]? lengths = variant switch
        {
            "bi_lengths_h0" => [4, 1, 3],
            "2layer_bi_batch_first_lengths_h0" => [2, 4, 3],
            "nobias_zero_length_h0" => [3, 0, 2],
            _ => null,
        };
        int steps = 4, batch = 3, dirs = bi ? 2 : 1;
        int gates = kind switch { "lstm" => 4, "gru" => 3, _ => 1 } * Hidden;

        var inputs = new List<Tensor>();
        // A transposed leaf [B, T, in] read as [T, B, in] checks the non-contiguous path.
        inputs.Add(GradCheck.Randn(g, transposed || batchFirst ? [batch, steps, InputSize] : [steps, batch, InputSize]));
        if (initial)
        {
            inputs.Add(GradCheck.Randn(g, [layers * dirs, batch, Hidden], 0.5f));
            if (kind == "lstm")
            {
                inputs.Add(GradCheck.Randn(g, [layers * dirs, batch, Hidden], 0.5f));
            }
        }
        int stateCount = inputs.Count - 1;
        for (int l = 0; l < layers; l++)
        {
            for (int d = 0; d < dirs; d++)
            {
                inputs.Add(Weight(g, [gates, l == 0 ? InputSize : Hidden * dirs]));
                inputs.Add(Weight(g, [gates, Hidden]));
                if (bias)
                {
                    inputs.Add(Weight(g, [gates]));
                    inputs.Add(Weight(g, [gates]));
                }
            }
        }

        Tensor[] Op(Tensor[] xs)
        {
            Tensor x = transposed ? xs[0].Transpose(0, 1) : xs[0];
            Tensor? h0 = stateCount > 0 ? xs[1] : null;
            Tensor[] weights = xs[(1 + stateCount)..];
            switch (kind)
            {
                case "lstm":
                    var (lo, (lh, lc)) = Functional.Lstm(x, h0 is null ? null : (h0, xs[2]), weights, layers, bi, batchFirst, lengths: lengths);
                    return [lo, lh, lc];
                case "gru":
                    var (go, gh) = Functional.Gru(x, h0, weights, layers, bi, batchFirst, lengths: lengths);
                    return [go, gh];
                default:
                    var (ro, rh) = Functional.Rnn(x, h0, weights, layers, kind == "rnn_relu" ? Nonlinearity.Relu : Nonlinearity.Tanh, bi, batchFirst,
                        lengths: lengths);
                    return [ro, rh];
            }
        }

        // ReLU has a kink at 0: a smaller step keeps the differences on one side of it.
        GradCheckOptions options = kind == "rnn_relu" ? new GradCheckOptions { Eps = 1e-3, Atol = 5e-3, Rtol = 5e-3 } : GradCheckOptions.Default;
        GradCheck.Check(Op, options, [.. inputs]);
    }

    /// <summary>Weights of about the size PyTorch's U(−1/√H, 1/√H) gives at H = 3, large enough that the gates are not linear.</summary>
    private static Tensor Weight(Generator g, int[] shape) => GradCheck.Uniform(g, shape, -0.7f, 0.7f);

    private static ulong Seed(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in name)
        {
            h = (h ^ ch) * 1099511628211UL;
        }
        return h;
    }
}
