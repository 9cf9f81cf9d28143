namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>this += alpha·other, in place, broadcasting other (PyTorch: <c>add_(other, alpha=)</c>).</summary>
    public Tensor Add_(Tensor other, float alpha = 1f) =>
        alpha == 1f ? ZipInPlace(BinaryOp.Add, other, "Add_") : ZipInPlace(BinaryOp.AddScaled, other, "Add_", alpha);

    /// <summary>this += value, in place (PyTorch: <c>add_</c>).</summary>
    public Tensor Add_(float value) => MapInPlace(UnaryOp.Affine, "Add_", 1f, value);

    /// <summary>this −= other, in place (PyTorch: <c>sub_</c>).</summary>
    public Tensor Sub_(Tensor other) => ZipInPlace(BinaryOp.Subtract, other, "Sub_");

    /// <summary>this ·= other, in place (PyTorch: <c>mul_</c>).</summary>
    public Tensor Mul_(Tensor other) => ZipInPlace(BinaryOp.Multiply, other, "Mul_");

    /// <summary>this ·= value, in place (PyTorch: <c>mul_</c>).</summary>
    public Tensor Mul_(float value) => MapInPlace(UnaryOp.Affine, "Mul_", value, 0f);

    /// <summary>this /= other, in place (PyTorch: <c>div_</c>).</summary>
    public Tensor Div_(Tensor other) => ZipInPlace(BinaryOp.Divide, other, "Div_");

    /// <summary>this /= value, in place (PyTorch: <c>div_</c>).</summary>
    public Tensor Div_(float value) => ZipInPlace(BinaryOp.Divide, Scalar(value), "Div_");

    /// <summary>Clamps in place (PyTorch: <c>clamp_</c>).</summary>
    public Tensor Clamp_(float? min = null, float? max = null) =>
        MapInPlace(UnaryOp.Clamp, "Clamp_", min ?? float.NegativeInfinity, max ?? float.PositiveInfinity);

    /// <summary>Sets every element to zero (PyTorch: <c>zero_</c>).</summary>
    public Tensor Zero_() => Fill_(0f);

    /// <summary>Sets every element to <paramref name="value"/> (PyTorch: <c>fill_</c>).</summary>
    public Tensor Fill_(float value)
    {
        CheckInPlace("Fill_");
        if (IsContiguous)
        {
            Backend.Fill(ContiguousSpan, value);
            Storage.BumpVersion();
            return this;
        }
        return InPlace(Full(_shape, value), "Fill_");
    }

    /// <summary>Copies src's elements into this tensor, broadcasting src (PyTorch: <c>copy_</c>).</summary>
    public Tensor Copy_(Tensor src)
    {
        ArgumentNullException.ThrowIfNull(src);
        int[] shape = ShapeMath.Broadcast(_shape, src._shape, "Copy_");
        if (!ShapeMath.SameShape(shape, _shape))
        {
            throw new ArgumentException($"Copy_: a source of shape {ShapeMath.Format(src._shape)} does not broadcast to the destination's shape {ShapeMath.Format(_shape)}.");
        }
        if (!ReferenceEquals(src.Storage, Storage))
        {
            CheckInPlace("Copy_");
            Backend.Copy(src.Layout.BroadcastTo(_shape), Layout);
            Storage.BumpVersion();
            return this;
        }
        // Source and destination may overlap: read everything before writing anything.
        Tensor value = Empty((int[])_shape.Clone());
        Backend.Copy(src.Layout.BroadcastTo(_shape), value.ContiguousSpan);
        return InPlace(value, "Copy_");
    }

    /// <summary>
    /// Copies <paramref name="source"/> (row-major, one value per element) into this tensor in place and bumps its
    /// version (PyTorch: <c>t.copy_(torch.from_numpy(a))</c>). Lets a training loop refill one mini-batch tensor from
    /// its own buffers instead of allocating a tensor per step.
    /// </summary>
    public Tensor Copy_(ReadOnlySpan<float> source)
    {
        if (source.Length != NumElements)
        {
            throw new ArgumentException($"Copy_: {source.Length} values given for a tensor of shape {ShapeMath.Format(_shape)} ({NumElements} elements).");
        }
        CheckInPlace("Copy_");
        if (IsContiguous)
        {
            source.CopyTo(ContiguousSpan);
            Storage.BumpVersion();
            return this;
        }
        return InPlace(new Tensor(source.ToArray(), (int[])_shape.Clone()), "Copy_");
    }

    /// <summary>Sets elements where mask is nonzero, in place (PyTorch: <c>masked_fill_</c>).</summary>
    public Tensor MaskedFill_(Tensor mask, float value)
    {
        // Checked before NoGrad, which exists only so the out-of-place MaskedFill records nothing.
        CheckInPlace("MaskedFill_");
        using (Autograd.NoGrad())
        {
            return InPlace(MaskedFill(mask, value), "MaskedFill_");
        }
    }

    /// <summary>this = op(this, other), written straight into this tensor when it is contiguous and other does not share its storage.</summary>
    private Tensor ZipInPlace(BinaryOp op, Tensor other, string name, float p0 = 0)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckInPlace(name);
        int[] shape = ShapeMath.Broadcast(_shape, other._shape, name);
        if (!ShapeMath.SameShape(shape, _shape))
        {
            throw new ArgumentException($"{name}: an operand of shape {ShapeMath.Format(other._shape)} does not broadcast to the modified tensor's shape {ShapeMath.Format(_shape)}.");
        }
        if (IsContiguous && !ReferenceEquals(other.Storage, Storage))
        {
            Backend.Binary(op, Layout, other.Layout.BroadcastTo(_shape), ContiguousSpan, p0);
            Storage.BumpVersion();
            return this;
        }
        return InPlace(Zip(op, this, other, name, p0), name);
    }

    /// <summary>this = op(this), in place.</summary>
    private Tensor MapInPlace(UnaryOp op, string name, float p0, float p1)
    {
        CheckInPlace(name);
        if (IsContiguous)
        {
            Backend.Unary(op, Layout, ContiguousSpan, p0, p1);
            Storage.BumpVersion();
            return this;
        }
        return InPlace(Map(op, p0, p1), name);
    }

    private void CheckInPlace(string op)
    {
        if (Autograd.IsGradEnabled && RequiresGrad)
        {
            throw new InvalidOperationException(
                IsLeaf
                    ? $"{op}: a leaf tensor that requires grad cannot be modified in place while grad mode is on; wrap the update in `using (Autograd.NoGrad())`."
                    : $"{op}: in-place operations on tensors in the autograd graph are not supported (the tensor was produced by {GradFn!.Name}); use the out-of-place operation.");
        }
    }

    /// <summary>
    /// Writes a computed value into this tensor's elements (through views, into the shared storage) and bumps the
    /// storage's version, so a graph that saved this tensor refuses to use the stale value.
    /// </summary>
    private Tensor InPlace(Tensor value, string op)
    {
        CheckInPlace(op);
        if (!ShapeMath.SameShape(value._shape, _shape))
        {
            throw new ArgumentException($"{op}: the result has shape {ShapeMath.Format(value._shape)} but the tensor being modified has shape {ShapeMath.Format(_shape)}.");
        }
        Backend.Copy(value.Layout, Layout);
        Storage.BumpVersion();
        return this;
    }
}
