namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>this += alpha·other, in place, broadcasting other (PyTorch: <c>add_(other, alpha=)</c>).</summary>
    public Tensor Add_(Tensor other, float alpha = 1f) => InPlace(alpha == 1f ? Zip(BinaryOp.Add, this, other, "Add_") : Zip(BinaryOp.Add, this, other.Mul(alpha), "Add_"), "Add_");

    /// <summary>this += value, in place (PyTorch: <c>add_</c>).</summary>
    public Tensor Add_(float value) => InPlace(Map(UnaryOp.Affine, 1f, value), "Add_");

    /// <summary>this −= other, in place (PyTorch: <c>sub_</c>).</summary>
    public Tensor Sub_(Tensor other) => InPlace(Zip(BinaryOp.Subtract, this, other, "Sub_"), "Sub_");

    /// <summary>this ·= other, in place (PyTorch: <c>mul_</c>).</summary>
    public Tensor Mul_(Tensor other) => InPlace(Zip(BinaryOp.Multiply, this, other, "Mul_"), "Mul_");

    /// <summary>this ·= value, in place (PyTorch: <c>mul_</c>).</summary>
    public Tensor Mul_(float value) => InPlace(Map(UnaryOp.Affine, value, 0f), "Mul_");

    /// <summary>this /= other, in place (PyTorch: <c>div_</c>).</summary>
    public Tensor Div_(Tensor other) => InPlace(Zip(BinaryOp.Divide, this, other, "Div_"), "Div_");

    /// <summary>this /= value, in place (PyTorch: <c>div_</c>).</summary>
    public Tensor Div_(float value) => InPlace(Zip(BinaryOp.Divide, this, Scalar(value), "Div_"), "Div_");

    /// <summary>Clamps in place (PyTorch: <c>clamp_</c>).</summary>
    public Tensor Clamp_(float? min = null, float? max = null) =>
        InPlace(Map(UnaryOp.Clamp, min ?? float.NegativeInfinity, max ?? float.PositiveInfinity), "Clamp_");

    /// <summary>Sets every element to zero (PyTorch: <c>zero_</c>).</summary>
    public Tensor Zero_() => Fill_(0f);

    /// <summary>Sets every element to <paramref name="value"/> (PyTorch: <c>fill_</c>).</summary>
    public Tensor Fill_(float value) => InPlace(Full(_shape, value), "Fill_");

    /// <summary>Copies src's elements into this tensor, broadcasting src (PyTorch: <c>copy_</c>).</summary>
    public Tensor Copy_(Tensor src)
    {
        ArgumentNullException.ThrowIfNull(src);
        int[] shape = ShapeMath.Broadcast(_shape, src._shape, "Copy_");
        if (!ShapeMath.SameShape(shape, _shape))
        {
            throw new ArgumentException($"Copy_: a source of shape {ShapeMath.Format(src._shape)} does not broadcast to the destination's shape {ShapeMath.Format(_shape)}.");
        }
        Tensor value = Empty((int[])_shape.Clone());
        Backend.Copy(src.Layout.BroadcastTo(_shape), value.ContiguousSpan);
        return InPlace(value, "Copy_");
    }

    /// <summary>Sets elements where mask is nonzero, in place (PyTorch: <c>masked_fill_</c>).</summary>
    public Tensor MaskedFill_(Tensor mask, float value)
    {
        using (Autograd.NoGrad())
        {
            return InPlace(MaskedFill(mask, value), "MaskedFill_");
        }
    }

    /// <summary>
    /// Writes a computed value into this tensor's elements (through views, into the shared storage) and bumps the
    /// storage's version, so a graph that saved this tensor refuses to use the stale value.
    /// </summary>
    private Tensor InPlace(Tensor value, string op)
    {
        if (Autograd.IsGradEnabled && RequiresGrad)
        {
            throw new InvalidOperationException(
                IsLeaf
                    ? $"{op}: a leaf tensor that requires grad cannot be modified in place while grad mode is on; wrap the update in `using (Autograd.NoGrad())`."
                    : $"{op}: in-place operations on tensors in the autograd graph are not supported (the tensor was produced by {GradFn!.Name}); use the out-of-place operation.");
        }
        if (!ShapeMath.SameShape(value._shape, _shape))
        {
            throw new ArgumentException($"{op}: the result has shape {ShapeMath.Format(value._shape)} but the tensor being modified has shape {ShapeMath.Format(_shape)}.");
        }
        Backend.Copy(value.Layout, Layout);
        Storage.BumpVersion();
        return this;
    }
}
