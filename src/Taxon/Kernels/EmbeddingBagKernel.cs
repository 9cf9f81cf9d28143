using System.Numerics.Tensors;
using Taxon.NN;

namespace Taxon.Kernels;

/// <summary>
/// Row lookups and their reductions for Embedding and EmbeddingBag: whole rows of the table are copied, added or
/// compared with TensorPrimitives, and the backward adds rows of the gradient into the table's gradient
/// (a scatter-add by row, never a dense one-hot product). Indices must already be validated.
/// </summary>
internal static class EmbeddingBagKernel
{
    public static void Forward(ReadOnlySpan<float> table, int dim, ReadOnlySpan<int> indices, ReadOnlySpan<int> starts,
        ReadOnlySpan<float> weights, int paddingIdx, EmbeddingBagMode mode, Span<float> dst, Span<int> argmax)
    {
        int bags = starts.Length - 1;
        for (int b = 0; b < bags; b++)
        {
            Span<float> row = dst.Slice(b * dim, dim);
            Span<int> arg = mode == EmbeddingBagMode.Max ? argmax.Slice(b * dim, dim) : default;
            int count = 0;
            for (int i = starts[b]; i < starts[b + 1]; i++)
            {
                int index = indices[i];
                if (index == paddingIdx)
                {
                    continue;
                }
                ReadOnlySpan<float> src = table.Slice(index * dim, dim);
                if (count == 0)
                {
                    if (weights.IsEmpty)
                    {
                        src.CopyTo(row);
                    }
                    else
                    {
                        TensorPrimitives.Multiply(src, weights[i], row);
                    }
                    if (mode == EmbeddingBagMode.Max)
                    {
                        arg.Fill(index);
                    }
                }
                else if (mode == EmbeddingBagMode.Max)
                {
                    // Strictly greater keeps the first of equal maxima, as PyTorch's CPU kernel does.
                    for (int k = 0; k < dim; k++)
                    {
                        if (src[k] > row[k])
                        {
                            row[k] = src[k];
                            arg[k] = index;
                        }
                    }
                }
                else if (weights.IsEmpty)
                {
                    TensorPrimitives.Add(row, src, row);
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(src, weights[i], row, row);
                }
                count++;
            }
            if (count == 0)
            {
                row.Clear();
                if (mode == EmbeddingBagMode.Max)
                {
                    arg.Fill(-1);
                }
            }
            else if (mode == EmbeddingBagMode.Mean && count > 1)
            {
                TensorPrimitives.Divide(row, count, row);
            }
        }
    }

    public static void Backward(ReadOnlySpan<float> grad, int dim, ReadOnlySpan<int> indices, ReadOnlySpan<int> starts,
        ReadOnlySpan<float> weights, int paddingIdx, EmbeddingBagMode mode, ReadOnlySpan<int> argmax, Span<float> tableGrad)
    {
        int bags = starts.Length - 1;
        for (int b = 0; b < bags; b++)
        {
            ReadOnlySpan<float> g = grad.Slice(b * dim, dim);
            if (mode == EmbeddingBagMode.Max)
            {
                ReadOnlySpan<int> arg = argmax.Slice(b * dim, dim);
                for (int k = 0; k < dim; k++)
                {
                    if (arg[k] >= 0)
                    {
                        tableGrad[arg[k] * dim + k] += g[k];
                    }
                }
                continue;
            }
            float scale = 1f;
            if (mode == EmbeddingBagMode.Mean)
            {
                int count = 0;
                for (int i = starts[b]; i < starts[b + 1]; i++)
                {
                    count += indices[i] == paddingIdx ? 0 : 1;
                }
                scale = count == 0 ? 0f : 1f / count;
            }
            for (int i = starts[b]; i < starts[b + 1]; i++)
            {
                int index = indices[i];
                if (index == paddingIdx)
                {
                    continue;
                }
                Span<float> dst = tableGrad.Slice(index * dim, dim);
                float s = weights.IsEmpty ? scale : weights[i];
                if (s == 1f)
                {
                    TensorPrimitives.Add(dst, g, dst);
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(g, s, dst, dst);
                }
            }
        }
    }
}
