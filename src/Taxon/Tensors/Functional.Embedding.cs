using Taxon.NN;

namespace Taxon;

public static partial class Functional
{
    /// <summary>
    /// Looks up rows of <paramref name="weight"/> [num_embeddings, dim] for indices of any shape, giving [..., dim]
    /// (PyTorch: <c>F.embedding</c>). The row at <paramref name="paddingIdx"/> (negative counts from the end) is returned
    /// as stored but receives no gradient. The weight's gradient is a scatter-add of the output gradient's rows.
    /// </summary>
    /// <exception cref="ArgumentException">The weight is not 2-D, or an index is out of range.</exception>
    public static Tensor Embedding(IndexTensor input, Tensor weight, int? paddingIdx = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        CheckTable(weight, "Embedding");
        int num = weight.Shape[0], dim = weight.Shape[1];
        int pad = NormalizePaddingIdx(paddingIdx, num, "Embedding");
        ReadOnlySpan<int> idx = input.Span;
        CheckIndices(idx, num, "Embedding");
        int[] starts = Consecutive(idx.Length);
        Tensor table = weight.IsContiguous ? weight : weight.Materialize();
        Tensor result = Tensor.Empty([.. input.ShapeArray, dim]);
        // The forward returns the padding row as stored, like PyTorch; only its gradient is blocked.
        Tensor.Backend.EmbeddingBag(table.ContiguousSpan, dim, idx, starts, default, -1, EmbeddingBagMode.Sum, result.ContiguousSpan, default);
        return Tensor.Record(result, "EmbeddingBackward0", [weight], g =>
        {
            Tensor grad = Tensor.Zeros(num, dim);
            Tensor gc = g.IsContiguous ? g : g.Materialize();
            Tensor.Backend.EmbeddingBagBackward(gc.ContiguousSpan, dim, input.Span, starts, default, pad, EmbeddingBagMode.Sum, default, grad.ContiguousSpan);
            return [grad];
        });
    }

    /// <summary>
    /// Sums, averages or takes the maximum of bags of embeddings without materialising the individual lookups
    /// (PyTorch: <c>F.embedding_bag</c>). Bags are the rows of a 2-D <paramref name="input"/> [B, L], or, for a 1-D input,
    /// the ranges that <paramref name="offsets"/> start (with <paramref name="includeLastOffset"/>, offsets has B + 1
    /// entries and the last one ends the last bag, as in CSR). Entries equal to <paramref name="paddingIdx"/> are left
    /// out (also from a mean's count); an empty bag gives zeros. <paramref name="perSampleWeights"/> (same shape as the
    /// input) scales each entry, for <see cref="EmbeddingBagMode.Sum"/> only. The result [B, dim] is differentiable
    /// w.r.t. the weight and the per-sample weights.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes, offsets or indices are invalid; the message names them.</exception>
    public static Tensor EmbeddingBag(IndexTensor input, Tensor weight, IndexTensor? offsets = null, EmbeddingBagMode mode = EmbeddingBagMode.Mean,
        Tensor? perSampleWeights = null, bool includeLastOffset = false, int? paddingIdx = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        CheckTable(weight, "EmbeddingBag");
        int num = weight.Shape[0], dim = weight.Shape[1];
        int pad = NormalizePaddingIdx(paddingIdx, num, "EmbeddingBag");
        int[] starts = BagStarts(input, offsets, includeLastOffset);
        ReadOnlySpan<int> idx = input.Span;
        CheckIndices(idx, num, "EmbeddingBag");
        float[]? weights = null;
        if (perSampleWeights is not null)
        {
            if (mode != EmbeddingBagMode.Sum)
            {
                throw new ArgumentException($"EmbeddingBag: per_sample_weights are only supported for mode Sum, got {mode}.");
            }
            if (!ShapeMath.SameShape(perSampleWeights.Shape, input.Shape))
            {
                throw new ArgumentException(
                    $"EmbeddingBag: per_sample_weights of shape {ShapeMath.Format(perSampleWeights.Shape)} must have the input's shape {ShapeMath.Format(input.Shape)}.");
            }
            weights = perSampleWeights.ToArray();
        }
        int bags = starts.Length - 1;
        Tensor table = weight.IsContiguous ? weight : weight.Materialize();
        Tensor result = Tensor.Empty([bags, dim]);
        int[] argmax = mode == EmbeddingBagMode.Max ? new int[bags * dim] : [];
        Tensor.Backend.EmbeddingBag(table.ContiguousSpan, dim, idx, starts, weights, pad, mode, result.ContiguousSpan, argmax);
        Tensor[] inputs = perSampleWeights is null ? [weight] : [weight, perSampleWeights];
        return Tensor.Record(result, "EmbeddingBagBackward0", inputs, g =>
        {
            Tensor gc = g.IsContiguous ? g : g.Materialize();
            Tensor? gradWeight = null, gradWeights = null;
            if (weight.RequiresGrad)
            {
                gradWeight = Tensor.Zeros(num, dim);
                Tensor.Backend.EmbeddingBagBackward(gc.ContiguousSpan, dim, input.Span, starts, weights, pad, mode, argmax, gradWeight.ContiguousSpan);
            }
            if (perSampleWeights is { RequiresGrad: true })
            {
                gradWeights = PerSampleWeightsGrad(gc, table, input, starts, pad, perSampleWeights.ShapeArray);
            }
            return [gradWeight, gradWeights];
        }, perSampleWeights is { RequiresGrad: true } ? [table] : []);
    }

    /// <summary>d out[b] / d w_i = g[b] · table[index_i] for each entry i of bag b; 0 for padding entries.</summary>
    private static Tensor PerSampleWeightsGrad(Tensor g, Tensor table, IndexTensor input, int[] starts, int pad, int[] shape)
    {
        int dim = table.Shape[1];
        Tensor grad = Tensor.Zeros(shape);
        Span<float> gw = grad.ContiguousSpan;
        ReadOnlySpan<float> gs = g.ContiguousSpan, ts = table.ContiguousSpan;
        ReadOnlySpan<int> idx = input.Span;
        for (int b = 0; b + 1 < starts.Length; b++)
        {
            for (int i = starts[b]; i < starts[b + 1]; i++)
            {
                if (idx[i] != pad)
                {
                    gw[i] = System.Numerics.Tensors.TensorPrimitives.Dot(gs.Slice(b * dim, dim), ts.Slice(idx[i] * dim, dim));
                }
            }
        }
        return grad;
    }

    /// <summary>starts[b]..starts[b + 1] is bag b, for B bags.</summary>
    private static int[] BagStarts(IndexTensor input, IndexTensor? offsets, bool includeLastOffset)
    {
        int n = input.NumElements;
        if (input.Dim == 2)
        {
            if (offsets is not null)
            {
                throw new ArgumentException($"EmbeddingBag: offsets must be null for a 2-D input (shape {ShapeMath.Format(input.Shape)}); each row is a bag.");
            }
            int bags = input.Shape[0], length = input.Shape[1];
            var s = new int[bags + 1];
            for (int b = 0; b <= bags; b++)
            {
                s[b] = b * length;
            }
            return s;
        }
        if (input.Dim != 1)
        {
            throw new ArgumentException($"EmbeddingBag: the input must be 1-D (with offsets) or 2-D [bags, length], got shape {ShapeMath.Format(input.Shape)}.");
        }
        if (offsets is null || offsets.Dim != 1)
        {
            throw new ArgumentException(
                $"EmbeddingBag: a 1-D input needs 1-D offsets (the start of each bag), got {(offsets is null ? "none" : "shape " + ShapeMath.Format(offsets.Shape))}.");
        }
        ReadOnlySpan<int> o = offsets.Span;
        if (includeLastOffset && o.Length == 0)
        {
            throw new ArgumentException("EmbeddingBag: with includeLastOffset, offsets needs at least one entry (the end of the last bag).");
        }
        if (o.Length > 0 && o[0] != 0)
        {
            throw new ArgumentException($"EmbeddingBag: offsets[0] must be 0 (the first bag starts at position 0), got {o[0]}.");
        }
        for (int i = 1; i < o.Length; i++)
        {
            if (o[i] < o[i - 1])
            {
                throw new ArgumentException($"EmbeddingBag: offsets must be non-decreasing, but offsets[{i}] = {o[i]} < offsets[{i - 1}] = {o[i - 1]}.");
            }
        }
        if (o.Length > 0 && o[^1] > n)
        {
            throw new ArgumentException($"EmbeddingBag: offsets[{o.Length - 1}] = {o[^1]} is past the input's length {n}.");
        }
        var starts = new int[includeLastOffset ? o.Length : o.Length + 1];
        o.CopyTo(starts);
        if (!includeLastOffset)
        {
            starts[^1] = n;
        }
        return starts;
    }

    private static void CheckTable(Tensor weight, string op)
    {
        if (weight.Dim != 2)
        {
            throw new ArgumentException($"{op}: the weight must be 2-D [num_embeddings, embedding_dim], got shape {ShapeMath.Format(weight.Shape)}.");
        }
    }

    /// <summary>The padding row as a non-negative index, or −1 for none.</summary>
    internal static int NormalizePaddingIdx(int? paddingIdx, int num, string op)
    {
        if (paddingIdx is not int p)
        {
            return -1;
        }
        if (p < -num || p >= num)
        {
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), $"{op}: padding_idx {p} is out of range for num_embeddings {num}.");
        }
        return p < 0 ? p + num : p;
    }

    private static void CheckIndices(ReadOnlySpan<int> idx, int num, string op)
    {
        for (int i = 0; i < idx.Length; i++)
        {
            if ((uint)idx[i] >= (uint)num)
            {
                throw new ArgumentException($"{op}: index {idx[i]} at position {i} is out of range for num_embeddings {num} (valid: 0 to {num - 1}).");
            }
        }
    }

    private static int[] Consecutive(int n)
    {
        var starts = new int[n + 1];
        for (int i = 0; i <= n; i++)
        {
            starts[i] = i;
        }
        return starts;
    }
}
