using System.Diagnostics.CodeAnalysis;

namespace Taxon.NN;

/// <summary>
/// The true length of each sequence of a right-padded batch, for <see cref="Rnn"/>, <see cref="Lstm"/> and
/// <see cref="Gru"/> (the role of the lengths given to PyTorch's <c>pack_padded_sequence</c>, with
/// <c>enforce_sorted=False</c>: any order is accepted). Converts implicitly from an <c>int[]</c> or a 1-D
/// <see cref="IndexTensor"/>; <see cref="FromMask"/> reads a 0/1 padding mask.
/// </summary>
public sealed class SequenceLengths
{
    private readonly int[] _lengths;

    /// <summary>Wraps a copy of <paramref name="lengths"/>, one non-negative length per sequence.</summary>
    /// <exception cref="ArgumentException">A length is negative.</exception>
    public SequenceLengths(ReadOnlySpan<int> lengths)
    {
        for (int i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] < 0)
            {
                throw new ArgumentException($"SequenceLengths: the length of sequence {i} is {lengths[i]}; lengths must be non-negative.");
            }
        }
        _lengths = lengths.ToArray();
    }

    /// <summary>The number of sequences.</summary>
    public int Count => _lengths.Length;

    /// <summary>The lengths, one per sequence, in batch order.</summary>
    public ReadOnlySpan<int> Values => _lengths;

    /// <summary>The length of sequence <paramref name="index"/>.</summary>
    public int this[int index] => _lengths[index];

    /// <summary>Lengths from an array (PyTorch: the <c>lengths</c> list of <c>pack_padded_sequence</c>); null stays null (full length).</summary>
    [return: NotNullIfNotNull(nameof(lengths))]
    public static implicit operator SequenceLengths?(int[]? lengths) => lengths is null ? null : FromArray(lengths);

    /// <summary>Lengths from a 1-D index tensor (PyTorch: a lengths tensor); null stays null (full length).</summary>
    [return: NotNullIfNotNull(nameof(lengths))]
    public static implicit operator SequenceLengths?(IndexTensor? lengths) => lengths is null ? null : FromIndexTensor(lengths);

    /// <summary>Lengths from an array.</summary>
    public static SequenceLengths FromArray(int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        return new SequenceLengths(lengths);
    }

    /// <summary>Lengths from a 1-D index tensor.</summary>
    /// <exception cref="ArgumentException">The tensor is not 1-D.</exception>
    public static SequenceLengths FromIndexTensor(IndexTensor lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (lengths.Dim != 1)
        {
            throw new ArgumentException($"SequenceLengths: lengths must be 1-D (one per sequence), got shape {ShapeMath.Format(lengths.Shape)}.");
        }
        return new SequenceLengths(lengths.Span);
    }

    /// <summary>
    /// Lengths from a padding mask, nonzero at valid steps: [batch, time] when <paramref name="batchFirst"/>, else
    /// [time, batch]. Each sequence's valid steps must come first (right padding), as packed sequences require.
    /// </summary>
    /// <exception cref="ArgumentException">The mask is not 2-D, or a sequence has a valid step after a padded one.</exception>
    public static SequenceLengths FromMask(Tensor mask, bool batchFirst = true)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Dim != 2)
        {
            throw new ArgumentException($"SequenceLengths.FromMask: the mask must be 2-D ({(batchFirst ? "[batch, time]" : "[time, batch]")}), got shape {ShapeMath.Format(mask.Shape)}.");
        }
        float[] m = mask.ToArray();
        int batch = batchFirst ? mask.Shape[0] : mask.Shape[1], steps = batchFirst ? mask.Shape[1] : mask.Shape[0];
        var lengths = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            int length = 0;
            for (int t = 0; t < steps; t++)
            {
                bool valid = m[batchFirst ? b * steps + t : t * batch + b] != 0;
                if (valid && length != t)
                {
                    throw new ArgumentException(
                        $"SequenceLengths.FromMask: sequence {b} has a valid step at {t} after a padded step at {length}; only right-padded sequences (valid steps first) are supported.");
                }
                length += valid ? 1 : 0;
            }
            lengths[b] = length;
        }
        return new SequenceLengths(lengths);
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", _lengths) + "]";
}
