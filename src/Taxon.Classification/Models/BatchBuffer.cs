using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// The input tensor of one mini-batch, refilled in place for every batch: rows are gathered into a reused array
/// and copied into a reused tensor, so a training step allocates nothing for its input.
/// </summary>
internal sealed class BatchBuffer
{
    private readonly int _capacity;
    private readonly int[] _sampleShape;
    private readonly int _features;
    private readonly float[] _scratch;
    private readonly Tensor _full;
    private Tensor? _partial;

    public BatchBuffer(int capacity, int[] sampleShape)
    {
        _capacity = capacity;
        _sampleShape = sampleShape;
        _features = 1;
        foreach (int d in sampleShape)
        {
            _features *= d;
        }
        _scratch = GC.AllocateUninitializedArray<float>(capacity * _features);
        _full = Tensor.Zeros([capacity, .. sampleShape]);
    }

    /// <summary>The samples at <paramref name="indices"/>, as a [count, ...sampleShape] tensor valid until the next call.</summary>
    public Tensor Gather(Dataset data, ReadOnlySpan<int> indices)
    {
        int f = _features;
        ReadOnlySpan<float> all = data.Features;
        Span<float> scratch = _scratch.AsSpan(0, indices.Length * f);
        for (int i = 0; i < indices.Length; i++)
        {
            all.Slice(indices[i] * f, f).CopyTo(scratch.Slice(i * f, f));
        }
        return TensorFor(indices.Length).Copy_(scratch);
    }

    /// <summary>The rows at <paramref name="indices"/>, densified, as a [count, features] tensor valid until the next call.</summary>
    public Tensor Gather(FeatureMatrix x, ReadOnlySpan<int> indices)
    {
        int f = _features;
        Span<float> scratch = _scratch.AsSpan(0, indices.Length * f);
        for (int i = 0; i < indices.Length; i++)
        {
            x.Row(indices[i]).CopyTo(scratch.Slice(i * f, f));
        }
        return TensorFor(indices.Length).Copy_(scratch);
    }

    /// <summary>Rows start..start+count, densified, as a [count, features] tensor valid until the next call.</summary>
    public Tensor Slice(FeatureMatrix x, int start, int count)
    {
        int f = _features;
        Span<float> scratch = _scratch.AsSpan(0, count * f);
        for (int i = 0; i < count; i++)
        {
            x.Row(start + i).CopyTo(scratch.Slice(i * f, f));
        }
        return TensorFor(count).Copy_(scratch);
    }

    /// <summary>Samples start..start+count, as a [count, ...sampleShape] tensor valid until the next call.</summary>
    public Tensor Slice(Dataset data, int start, int count) =>
        TensorFor(count).Copy_(data.Features.Slice(start * _features, count * _features));

    private Tensor TensorFor(int count)
    {
        if (count == _capacity)
        {
            return _full;
        }
        if (_partial is null || _partial.Size(0) != count)
        {
            _partial = Tensor.Zeros([count, .. _sampleShape]);
        }
        return _partial;
    }
}
